import Foundation
import HTTPTypes
import HummingbirdTesting

@testable import SignetServer
@testable import SignetSessions

/// The people the authorisation matrix calls as; `agentABrowser` is agent A's login cookie
/// sent without its CSRF token (a cross-site form, or a tab that lost the token);
/// `customerUnverified` opened a session that asks for a one-time code and has not entered it.
enum MatrixCaller: String, CaseIterable, Sendable {
    case anonymous, agentA, agentB, admin, customerA, customerB, customerCancelled, agentABrowser
    case customerUnverified
}

/// Real things for every path parameter of the API, made through the API: agent A's session
/// with one interaction of each kind (a finished document, an open one, a submitted document
/// request with a photo, a payment request, a review with a note, a batch and a workflow), a
/// staged upload, a batch job and a workflow; agent A's cancelled session whose customer had
/// opened it; agent B's session with its customer; an unopened invitation link.
struct MatrixWorld {
    let server: TestServer
    let sessionA: SessionFixture
    let workflow: String
    let job: String
    /// Interaction ids of session A by role in the matrix.
    let finishedDocument: String
    let openDocument: String
    let request: String
    let upload: String
    let payment: String
    let review: String
    let batch: String
    let flow: String
    /// A PDF staged in session A and not sent.
    let staged: String
    /// An invitation link token nobody has opened.
    let linkToken: String
    /// The id of an API token of agent A's that only the matrix uses (revoking it ends nothing else).
    let apiToken: String
    /// A contact in agent A's address book, and its email.
    let contact: String
    let contactEmail: String
    /// An agent account only the matrix uses, for disable and enable.
    let spareAgent: String
    /// Agent A's finished document forwarded to agent B for approval.
    let approval: String
    /// A webhook (to a documentation address nothing is sent to: the matrix delivers nothing).
    let webhook: String
    let customers: [MatrixCaller: [String: String]]
    /// Agent A's browser login cookie.
    let agentCookie: String

    static let strokes = "[[[10,10],[60,40],[120,12]]]"

    static func make(_ client: some TestClientProtocol, _ server: TestServer) async throws -> MatrixWorld {
        let admin = try await server.token(server.admin)
        let definition = #"""
            {"name": "Matrix flow", "steps": [
              {"kind": "template", "template": "consent-form", "values": {"procedure": "Knee arthroscopy", "clinician": "Dr Ada"}},
              {"kind": "paymentRequest", "amount": "150.00", "currency": "EUR", "description": "Deposit"}]}
            """#
        let saved = try await client.call(.post, "/api/v1/workflows", token: admin, json: definition)
        guard let workflow = saved.body["id"] as? String else { throw FixtureError.failed("workflow: \(saved.body)") }

        let a = try await SessionFixture.start(client, server)
        let letter = try await a.upload(client, "letter.pdf")
        let signed =
            #"{"upload": "\#(letter)", "title": "Engagement letter", "fields": [{"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": true, "page": 1, "rect": {"x": 300, "y": 640, "width": 220, "height": 60}}]}"#
        let finishedDocument = try await a.send(client, "documents", signed)
        let openDocument = try await a.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
        let request = try await a.send(client, "document-requests", #"{"documents": [{"type": "idCard"}]}"#)
        let payment = try await a.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
        let review = try await a.send(client, "reviews", #"{"upload": "\#(letter)", "title": "Walk through"}"#)
        let batch = try await a.send(
            client, "batches", #"{"title": "Pack", "documents": [{"upload": "\#(letter)"}, {"upload": "\#(letter)"}]}"#)
        let flow = try await a.send(client, "workflows", #"{"workflow": "\#(workflow)"}"#)
        let staged = try await a.upload(client, "letter.pdf")
        let customerA = try await a.customer(client)
        let mine = "/api/v1/customer/interactions"
        let finish = try await client.call(
            .post, "\(mine)/\(finishedDocument)/finish", json: #"{"values": {"sig": {"strokes": \#(strokes)}}}"#, headers: customerA)
        guard finish.status == .ok else { throw FixtureError.failed("finish: \(finish.status) \(finish.body)") }
        var photoHeaders = customerA
        photoHeaders[.contentType] = "image/jpeg"
        let photo = try await client.raw(
            .post, "\(mine)/\(request)/uploads?type=idCard&name=id.jpg", body: try Samples.jpeg(), headers: photoHeaders)
        guard let upload = try json(photo.bytes)["id"] as? String else { throw FixtureError.failed("photo: \(photo.status)") }
        guard try await client.call(.post, "\(mine)/\(request)/submit", headers: customerA).status == .ok else {
            throw FixtureError.failed("submit")
        }
        let note = try await client.call(
            .post, "\(a.base)/interactions/\(review)/notes", token: a.agent, json: #"{"page": 1, "x": 40, "y": 40, "text": "Here"}"#)
        guard note.status == .created else { throw FixtureError.failed("note: \(note.status) \(note.body)") }

        let job = try await client.raw(
            .post, "/api/v1/batch-jobs?template=consent-form&format=csv&stage=send&dryRun=true", token: a.agent,
            body: Array("clinician,procedure\nDr Ada,Knee\n".utf8))
        guard let jid = try json(job.bytes)["id"] as? String else { throw FixtureError.failed("job: \(job.status)") }
        try await waitForJob(client, jid, a.agent)

        let b = try await SessionFixture.start(client, server, name: "Bea Other")
        _ = try await b.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
        let customerB = try await b.customer(client)

        let c = try await SessionFixture.start(client, server, name: "Cy Cancelled")
        _ = try await c.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
        let cancelledCustomer = try await c.customer(client)
        guard try await client.call(.post, "\(c.base)/cancel", token: c.agent).status == .ok else { throw FixtureError.failed("cancel") }

        let coded = try await client.call(
            .post, "/api/v1/sessions", token: a.agent,
            json: #"{"customer": {"name": "Una Verified", "email": "una@example.com", "channel": "email"}, "verification": "code"}"#)
        guard let codedId = coded.body["id"] as? String else { throw FixtureError.failed("coded session: \(coded.body)") }
        let unverifiedCustomer = try await SessionFixture(server: server, agent: a.agent, id: codedId, name: "Una Verified").customer(
            client)

        _ = try await SessionFixture.start(client, server, name: "Lee Link")
        try await server.services.outbox.deliverDue()
        guard let link = try server.outbox().last(where: { $0["body"]?.contains("Hello Lee Link,") ?? false })?["link"] else {
            throw FixtureError.failed("no invitation for the link")
        }
        let login = try await client.call(
            .post, "/api/v1/auth/login", json: #"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#)
        guard let agentCookie = login.headers[.setCookie]?.split(separator: ";").first.map(String.init) else {
            throw FixtureError.failed("login cookie")
        }
        let book = try await client.call(.get, "/api/v1/contacts", token: a.agent).body["items"] as? [[String: Any]]
        guard let contact = book?.first, let contactId = contact["id"] as? String, let contactEmail = contact["email"] as? String else {
            throw FixtureError.failed("no contact in agent A's address book")
        }
        let apiToken = try await server.services.accounts.issueAPIToken(for: server.agent, label: "matrix").credential.id ?? ""
        let spare = try await server.services.accounts.create(
            email: "spare@example.com", name: "Spare", role: .agent, password: TestServer.password)
        let forwarded = try await client.call(
            .post, "\(a.base)/interactions/\(finishedDocument)/forward", token: a.agent, json: #"{"to": "\#(server.otherAgent.email)"}"#)
        guard let approval = forwarded.body["id"] as? String else { throw FixtureError.failed("forward: \(forwarded.body)") }
        let webhook = try await server.services.webhooks.create(
            url: "https://203.0.113.10/hook", events: ["session.invited"], by: server.admin.id)
        let headers = { (fields: HTTPFields) in
            Dictionary(fields.map { ($0.name.rawName, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        return MatrixWorld(
            server: server, sessionA: a, workflow: workflow, job: jid, finishedDocument: finishedDocument, openDocument: openDocument,
            request: request, upload: upload, payment: payment, review: review, batch: batch, flow: flow, staged: staged,
            linkToken: String(link.split(separator: "/").last ?? ""), apiToken: apiToken, contact: contactId, contactEmail: contactEmail,
            spareAgent: spare.id, approval: approval, webhook: webhook.id,
            customers: [
                .customerA: headers(customerA), .customerB: headers(customerB), .customerCancelled: headers(cancelledCustomer),
                .customerUnverified: headers(unverifiedCustomer),
            ],
            agentCookie: agentCookie)
    }

    /// The headers `person` sends: a fresh bearer token for accounts (so a logout in the
    /// matrix ends only its own), the cookie and CSRF token for customers.
    func headers(_ person: MatrixCaller) async throws -> [String: String] {
        switch person {
        case .anonymous: return [:]
        case .agentA: return ["Authorization": "Bearer \(try await server.token(server.agent))"]
        case .agentABrowser: return ["Cookie": agentCookie]
        case .agentB: return ["Authorization": "Bearer \(try await server.token(server.otherAgent))"]
        case .admin: return ["Authorization": "Bearer \(try await server.token(server.admin))"]
        case .customerA, .customerB, .customerCancelled, .customerUnverified: return customers[person] ?? [:]
        }
    }

    /// The interaction of session A an operation is tried on: the one whose kind the route is about.
    func interaction(for path: String) -> String {
        if path.hasSuffix("/notes") || path.hasSuffix("/close") { return review }
        if path.hasSuffix("/pay") { return payment }
        if path.hasSuffix("/decline") { return openDocument }
        if path.contains("/uploads") || path.hasSuffix("/submit") || path.hasSuffix("/assembled.pdf") { return request }
        return finishedDocument
    }

    /// `path` with every parameter replaced by real ids: one URI, or one per interaction kind
    /// where the route reads any interaction.
    func uris(_ path: String) -> [String] {
        let kinds = [finishedDocument, openDocument, request, payment, review, batch, flow]
        return (path.hasSuffix("/interactions/{iid}") ? kinds : [interaction(for: path)]).map { iid in
            [
                "{id}": sessionA.id, "{iid}": iid, "{jid}": job, "{page}": "1",
                "{slug}": "consent-form", "{wid}": workflow, "{sha}": staged, "{token}": linkToken, "{cid}": contact,
                // {uid} names an account under /users and a customer's upload elsewhere.
                "{tid}": apiToken, "{aid}": approval, "{hid}": webhook, "{uid}": path.hasPrefix("/api/v1/users/") ? spareAgent : upload,
            ].reduce(path) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
    }

    private static func waitForJob(_ client: some TestClientProtocol, _ id: String, _ token: String) async throws {
        for _ in 0..<300 {
            let state = try await client.call(.get, "/api/v1/batch-jobs/\(id)", token: token).body["state"] as? String
            if state != "queued" && state != "running" { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError.failed("job \(id) did not finish")
    }
}
