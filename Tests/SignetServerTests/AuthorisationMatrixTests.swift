import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import SignetServer
@testable import SignetSessions

/// Who may call an operation; everyone else gets one of their refusals (401 unless said).
struct CallerAccess: Sendable {
    let allowed: Set<MatrixCaller>
    var refusals: [MatrixCaller: Set<Int>] = [:]

    func refusal(_ person: MatrixCaller, write: Bool) -> Set<Int>? {
        if person == .agentABrowser && !allowed.contains(.anonymous) {
            // A's login cookie without its CSRF token: A's reads, and no write that needs a login.
            return write ? [403] : refusal(.agentA, write: write)
        }
        return allowed.contains(person) ? nil : refusals[person] ?? [401]
    }

    /// Open to all, signed in or not (a stale customer cookie included).
    static let everyone = CallerAccess(allowed: Set(MatrixCaller.allCases))
    /// Any agent or admin.
    static let accounts = CallerAccess(allowed: [.agentA, .agentB, .admin])
    static let admins = CallerAccess(allowed: [.admin], refusals: [.agentA: [403], .agentB: [403]])
    /// Agent A's session (or job): A and admins; another agent learns nothing, not even that it exists.
    static let agentAs = CallerAccess(allowed: [.agentA, .admin], refusals: [.agentB: [404]])
    /// Agent A's own thing (an API token, a contact): to anyone else, admins included, it does not exist.
    static let ownerOnly = CallerAccess(allowed: [.agentA], refusals: [.agentB: [404], .admin: [404]])
    /// Batch jobs: their owner and admins.
    static let jobOfA = agentAs
    /// A customer's own session, whichever it is; a cancelled one is gone; nothing before the one-time code.
    static let customers = CallerAccess(
        allowed: [.customerA, .customerB], refusals: [.customerCancelled: [410], .customerUnverified: [403]])
    /// The code screen's routes: they answer before the one-time code is entered.
    static let codeScreen = CallerAccess(
        allowed: [.customerA, .customerB, .customerUnverified], refusals: [.customerCancelled: [410]])
    /// An interaction of session A, for its customer only.
    static let customerAs = CallerAccess(
        allowed: [.customerA], refusals: [.customerB: [404], .customerCancelled: [410], .customerUnverified: [403]])
    /// An approval agent A asked of agent B: theirs to see; to anyone else, admins included, it does not exist.
    static let approvalParties = CallerAccess(allowed: [.agentA, .agentB], refusals: [.admin: [404]])
    /// Only agent B, the approver, decides it; agent A sees it but may not.
    static let approver = CallerAccess(allowed: [.agentB], refusals: [.agentA: [403], .admin: [404]])
}

/// Every operation of `/openapi.json` called by every kind of caller with real ids. Who may
/// call what is declared once, in `table`: an operation missing from it fails the suite (a new
/// route must be declared), a 2xx where it says no fails, an allowed caller refused as
/// unauthorised, forbidden or not found fails, and nobody ever gets a 5xx. A new route is one
/// line in `table` (and a body in `body` if it takes one); a new kind of thing in a path is an
/// id in `MatrixWorld`; a new kind of caller is a `MatrixCaller` and its headers.
@Suite("Authorisation matrix")
struct AuthorisationMatrixTests {
    static let table: [String: CallerAccess] = [
        "GET /health": .everyone,
        "GET /openapi.json": .everyone,
        "GET /api/v1/seal/certificate.pem": .everyone,
        "POST /api/v1/auth/login": .everyone,
        "POST /api/v1/auth/password-reset": .everyone,
        "POST /api/v1/auth/password-reset/confirm": .everyone,
        "POST /api/v1/verify": .everyone,
        "GET /s/{token}": .everyone,
        "POST /api/v1/auth/logout": .accounts,
        "GET /api/v1/auth/me": .accounts,
        "POST /api/v1/auth/tokens": .accounts,
        "GET /api/v1/auth/tokens": .accounts,
        // Only the owner revokes a token; to anyone else (admins included) it does not exist.
        "DELETE /api/v1/auth/tokens/{tid}": .ownerOnly,
        "GET /api/v1/sessions": .accounts,
        "POST /api/v1/sessions": .accounts,
        "GET /api/v1/contacts": .accounts,
        // An address book is its agent's own: to anyone else, admins included, a contact does not exist.
        "PUT /api/v1/contacts/{cid}": .ownerOnly,
        "DELETE /api/v1/contacts/{cid}": .ownerOnly,
        "GET /api/v1/templates": .accounts,
        "GET /api/v1/templates/{slug}": .accounts,
        "GET /api/v1/templates/{slug}/pages/{page}": .accounts,
        "GET /api/v1/document-types": .accounts,
        "GET /api/v1/workflows": .accounts,
        "GET /api/v1/workflows/{wid}": .accounts,
        "POST /api/v1/batch-jobs": .accounts,
        "GET /api/v1/batch-jobs": .accounts,
        "POST /api/v1/bulk-sends": .accounts,
        "POST /api/v1/templates": .admins,
        "PUT /api/v1/templates/{slug}": .admins,
        "GET /api/v1/settings": .accounts,
        "PUT /api/v1/settings": .admins,
        "GET /api/v1/users": .admins,
        "POST /api/v1/users": .admins,
        "POST /api/v1/users/{uid}/disable": .admins,
        "POST /api/v1/users/{uid}/enable": .admins,
        "POST /api/v1/workflows": .admins,
        "PUT /api/v1/workflows/{wid}": .admins,
        "DELETE /api/v1/workflows/{wid}": .admins,
        "POST /api/v1/webhooks": .admins,
        "GET /api/v1/webhooks": .admins,
        "PATCH /api/v1/webhooks/{hid}": .admins,
        "DELETE /api/v1/webhooks/{hid}": .admins,
        "GET /api/v1/webhooks/{hid}/deliveries": .admins,
        "GET /api/v1/sessions/{id}": .agentAs,
        "POST /api/v1/sessions/{id}/invite": .agentAs,
        "POST /api/v1/sessions/{id}/reengage": .agentAs,
        "POST /api/v1/sessions/{id}/renew": .agentAs,
        "POST /api/v1/sessions/{id}/cancel": .agentAs,
        "POST /api/v1/sessions/{id}/remind": .agentAs,
        "GET /api/v1/sessions/{id}/events": .agentAs,
        "GET /api/v1/sessions/{id}/stream": .agentAs,
        "GET /api/v1/sessions/{id}/messages": .agentAs,
        "POST /api/v1/sessions/{id}/messages": .agentAs,
        "GET /api/v1/sessions/{id}/uploads/{sha}/pages/{page}": .agentAs,
        "GET /api/v1/sessions/{id}/interactions": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}": .agentAs,
        "POST /api/v1/sessions/{id}/uploads": .agentAs,
        "POST /api/v1/sessions/{id}/documents": .agentAs,
        "POST /api/v1/sessions/{id}/batches": .agentAs,
        "POST /api/v1/sessions/{id}/document-requests": .agentAs,
        "POST /api/v1/sessions/{id}/payment-requests": .agentAs,
        "POST /api/v1/sessions/{id}/reviews": .agentAs,
        "POST /api/v1/sessions/{id}/workflows": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}/pages/{page}": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}/original.pdf": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}/finished.pdf": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}/certificate.pdf": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}/assembled.pdf": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}/uploads/{uid}": .agentAs,
        "GET /api/v1/sessions/{id}/interactions/{iid}/notes": .agentAs,
        "POST /api/v1/sessions/{id}/interactions/{iid}/notes": .agentAs,
        "POST /api/v1/sessions/{id}/interactions/{iid}/close": .agentAs,
        "POST /api/v1/sessions/{id}/interactions/{iid}/countersign": .agentAs,
        "POST /api/v1/sessions/{id}/interactions/{iid}/forward": .agentAs,
        "GET /api/v1/approvals": .accounts,
        "GET /api/v1/approvals/{aid}": .approvalParties,
        "GET /api/v1/approvals/{aid}/pages/{page}": .approvalParties,
        "GET /api/v1/approvals/{aid}/document.pdf": .approvalParties,
        "POST /api/v1/approvals/{aid}/approve": .approver,
        "POST /api/v1/approvals/{aid}/reject": .approver,
        "GET /api/v1/batch-jobs/{jid}": .jobOfA,
        "GET /api/v1/batch-jobs/{jid}/stream": .jobOfA,
        "GET /api/v1/batch-jobs/{jid}/report.jsonl": .jobOfA,
        "GET /api/v1/batch-jobs/{jid}/results.zip": .jobOfA,
        "GET /api/v1/customer/session": .codeScreen,
        "POST /api/v1/customer/verify": .codeScreen,
        "POST /api/v1/customer/verify/resend": .codeScreen,
        "GET /api/v1/customer/messages": .customers,
        "POST /api/v1/customer/messages": .customers,
        "GET /api/v1/customer/interactions": .customers,
        "GET /api/v1/customer/stream": .customers,
        "GET /api/v1/customer/interactions/{iid}": .customerAs,
        "GET /api/v1/customer/interactions/{iid}/pages/{page}": .customerAs,
        "PUT /api/v1/customer/interactions/{iid}/values": .customerAs,
        "POST /api/v1/customer/interactions/{iid}/finish": .customerAs,
        "POST /api/v1/customer/interactions/{iid}/decline": .customerAs,
        "POST /api/v1/customer/interactions/{iid}/uploads": .customerAs,
        "POST /api/v1/customer/interactions/{iid}/submit": .customerAs,
        "POST /api/v1/customer/interactions/{iid}/pay": .customerAs,
        "GET /api/v1/customer/interactions/{iid}/notes": .customerAs,
        "POST /api/v1/customer/interactions/{iid}/notes": .customerAs,
        "GET /api/v1/customer/interactions/{iid}/finished.pdf": .customerAs,
        "GET /api/v1/customer/interactions/{iid}/certificate.pdf": .customerAs,
    ]

    /// Operations that end what the others need; they run after all the rest.
    static let last: Set<String> = [
        "POST /api/v1/sessions/{id}/cancel", "DELETE /api/v1/workflows/{wid}", "DELETE /api/v1/auth/tokens/{tid}",
        "DELETE /api/v1/contacts/{cid}", "DELETE /api/v1/webhooks/{hid}",
    ]

    /// A plausible body for each operation that takes one, so an allowed caller's answer is
    /// about the request and a refusal is about who asks (`n` keeps created names unique).
    static func body(_ operation: String, _ world: MatrixWorld, _ n: Int) throws -> (query: String, type: String, bytes: [UInt8])? {
        let jsonBody = { (text: String) in (query: "", type: "application/json", bytes: Array(text.utf8)) }
        switch operation {
        case "POST /api/v1/auth/login": return jsonBody(#"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#)
        case "POST /api/v1/auth/tokens": return jsonBody(#"{"label": "matrix \#(n)"}"#)
        case "POST /api/v1/auth/password-reset": return jsonBody(#"{"email": "agent@example.com"}"#)
        case "POST /api/v1/auth/password-reset/confirm": return jsonBody(#"{"token": "not-a-token", "password": "long-enough-9"}"#)
        case "POST /api/v1/sessions":
            return jsonBody(#"{"customer": {"name": "New \#(n)", "email": "new\#(n)@example.com", "channel": "email"}, "invite": false}"#)
        case "PUT /api/v1/contacts/{cid}":
            return jsonBody(#"{"name": "Renamed \#(n)", "email": "\#(world.contactEmail)"}"#)
        case "POST /api/v1/sessions/{id}/reengage": return jsonBody(#"{"channel": "email"}"#)
        case "PUT /api/v1/settings": return jsonBody(#"{"reminders": {"first": "P1D", "every": "P2D", "max": 3}}"#)
        case "POST /api/v1/templates":
            return (
                "?name=Matrix+\(n)&slug=matrix-\(n)&fromFormFields=true", "application/pdf",
                try Samples.bytes("Templates/consent-form/document.pdf")
            )
        case "PUT /api/v1/templates/{slug}":
            let template = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: world.server.configuration.templatesDirectory + "/consent-form/template.json")))
            let fields = (template as? [String: Any])?["fields"] ?? []
            let edit = try JSONSerialization.data(withJSONObject: ["fields": fields, "description": "Edited \(n)"])
            return (query: "", type: "application/json", bytes: Array(edit))
        case "POST /api/v1/users":
            return jsonBody(#"{"email": "new\#(n)@example.com", "name": "New", "role": "agent", "password": "another-long-pass-9"}"#)
        case "POST /api/v1/webhooks": return jsonBody(#"{"url": "https://203.0.113.10/hook/\#(n)", "events": ["session.invited"]}"#)
        case "PATCH /api/v1/webhooks/{hid}": return jsonBody(#"{"enabled": false}"#)
        case "POST /api/v1/workflows", "PUT /api/v1/workflows/{wid}":
            return jsonBody(
                #"{"name": "Flow \#(n)", "steps": [{"kind": "paymentRequest", "amount": "1.00", "currency": "EUR", "description": "Fee"}]}"#
            )
        case "POST /api/v1/batch-jobs":
            return (
                "?template=consent-form&format=csv&stage=send&dryRun=true", "text/csv", Array("clinician,procedure\nDr Ada,Knee\n".utf8)
            )
        case "POST /api/v1/bulk-sends":
            return (
                "?template=consent-form&format=csv&nameColumn=name&emailColumn=email&dryRun=true", "text/csv",
                Array("name,email,clinician,procedure\nJo,jo@example.com,Dr Ada,Knee\n".utf8)
            )
        case "POST /api/v1/sessions/{id}/uploads":
            return ("?name=letter.pdf", "application/pdf", try Samples.bytes("SampleDocs/letter.pdf"))
        case "POST /api/v1/verify": return ("", "application/pdf", try Samples.bytes("SampleDocs/letter.pdf"))
        case "POST /api/v1/sessions/{id}/documents": return jsonBody(#"{"upload": "\#(world.staged)", "title": "Terms \#(n)"}"#)
        case "POST /api/v1/sessions/{id}/batches":
            return jsonBody(#"{"title": "Pack", "documents": [{"upload": "\#(world.staged)"}, {"upload": "\#(world.staged)"}]}"#)
        case "POST /api/v1/sessions/{id}/document-requests": return jsonBody(#"{"documents": [{"type": "idCard"}]}"#)
        case "POST /api/v1/sessions/{id}/payment-requests":
            return jsonBody(#"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
        case "POST /api/v1/sessions/{id}/reviews": return jsonBody(#"{"upload": "\#(world.staged)", "title": "Walk"}"#)
        case "POST /api/v1/sessions/{id}/workflows": return jsonBody(#"{"workflow": "\#(world.workflow)"}"#)
        case "POST /api/v1/sessions/{id}/interactions/{iid}/notes", "POST /api/v1/customer/interactions/{iid}/notes":
            return jsonBody(#"{"page": 1, "x": 50, "y": 50, "text": "Note \#(n)"}"#)
        case "PUT /api/v1/customer/interactions/{iid}/values": return jsonBody(#"{"values": {}}"#)
        case "POST /api/v1/sessions/{id}/messages", "POST /api/v1/customer/messages": return jsonBody(#"{"text": "Hello \#(n)"}"#)
        case "POST /api/v1/customer/verify": return jsonBody(#"{"code": "000000"}"#)
        case "POST /api/v1/sessions/{id}/interactions/{iid}/countersign": return jsonBody(#"{"values": {}}"#)
        case "POST /api/v1/sessions/{id}/interactions/{iid}/forward":
            return jsonBody(#"{"to": "\#(world.server.otherAgent.email)", "note": "Please check \#(n)"}"#)
        case "POST /api/v1/approvals/{aid}/approve", "POST /api/v1/approvals/{aid}/reject": return jsonBody(#"{"reason": "Checked"}"#)
        case "POST /api/v1/customer/interactions/{iid}/finish":
            return jsonBody(#"{"values": {"sig": {"strokes": \#(MatrixWorld.strokes)}}}"#)
        case "POST /api/v1/customer/interactions/{iid}/decline": return jsonBody(#"{"reason": "Wrong address"}"#)
        case "POST /api/v1/customer/interactions/{iid}/uploads":
            return ("?type=idCard&name=id.jpg", "image/jpeg", try Samples.jpeg())
        case "POST /api/v1/customer/interactions/{iid}/pay":
            return jsonBody(#"{"cardNumber": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123", "holder": "Amara Okafor"}"#)
        default: return nil
        }
    }

    /// A server whose templates folder is a scratch copy, as admins write into it.
    static func server() async throws -> TestServer {
        let templates = NSTemporaryDirectory() + "signet-matrix-templates-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Samples.root + "/Templates", toPath: templates)
        return try await TestServer { $0.templatesDirectory = templates }
    }

    @Test("every documented operation × every kind of caller answers as the table says")
    func matrix() async throws {
        let server = try await Self.server()
        try await server.app.test(.live) { client in
            let world = try await MatrixWorld.make(client, server)
            let port = try #require(client.port)
            let doc = try await client.call(.get, "/openapi.json")
            let paths = try #require(doc.body["paths"] as? [String: [String: Any]])
            let operations = paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } }
                .sorted { (Self.last.contains($0) ? 1 : 0, $0) < (Self.last.contains($1) ? 1 : 0, $1) }
            var failures: [String] = []
            for operation in Set(Self.table.keys).subtracting(operations).sorted() {
                failures.append("\(operation): in the table but not in /openapi.json")
            }
            var calls = 0
            for operation in operations {
                guard let access = Self.table[operation] else {
                    failures.append("\(operation): not declared in the authorisation table")
                    continue
                }
                let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
                let (method, path) = (HTTPRequest.Method(parts[0])!, parts[1])
                // The refused first, so nothing an allowed caller changes hides a hole.
                let write = ![.get, .head].contains(method)
                let people = MatrixCaller.allCases.sorted {
                    (access.refusal($0, write: write) == nil ? 1 : 0) < (access.refusal($1, write: write) == nil ? 1 : 0)
                }
                for person in people {
                    let uris = world.uris(path)
                    for uri in uris {
                        calls += 1
                        let body = try Self.body(operation, world, calls)
                        var headers = try await world.headers(person)
                        if let body { headers["Content-Type"] = body.type }
                        let uri = uri + (body?.query ?? "")
                        let who = uris.count > 1 ? "\(person) on \(uri)" : "\(person)"
                        let status: Int
                        if path.hasSuffix("/stream") {
                            // Streams never end while the session lasts: the status line is enough.
                            let reader = try StreamReader(port: port, path: uri, headers: headers)
                            guard await reader.wait(for: "\r\n", timeout: 10), let code = Int(reader.received.split(separator: " ")[1])
                            else {
                                failures.append("\(operation) as \(who): no answer")
                                continue
                            }
                            status = code
                        } else {
                            var fields = HTTPFields()
                            for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
                            let answer = try await client.raw(method, uri, body: body?.bytes, headers: fields)
                            status = Int(answer.status.code)
                            if status >= 500 {
                                failures.append(
                                    "\(operation) as \(who): \(status) \(String(decoding: answer.bytes.prefix(200), as: UTF8.self))")
                                continue
                            }
                        }
                        if let refusal = access.refusal(person, write: write) {
                            if !refusal.contains(status) {
                                failures.append("\(operation) as \(who): \(status), expected \(refusal.sorted())")
                            }
                        } else if [401, 403, 404, 410].contains(status) || status >= 500 {
                            failures.append("\(operation) as \(who): \(status), but allowed")
                        }
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) cells wrong:\n\(failures.joined(separator: "\n"))")
            #expect(calls >= operations.count * MatrixCaller.allCases.count - MatrixCaller.allCases.count)
        }
    }

    @Test("an invitation link stops working once the session is cancelled, and when it was never opened in its lifetime")
    func deadLinks() async throws {
        // Three seconds: long enough that a loaded machine cannot stall between the renewal and
        // the next call past the renewed lifetime (with one second, the whole suite on two cores
        // once did).
        let server = try await TestServer { $0.sessionLifetime = 3 }
        try await server.app.test(.router) { client in
            let cancelled = try await SessionFixture.start(client, server)
            let unopened = try await SessionFixture.start(client, server, name: "Una Opened")
            try await server.services.outbox.deliverDue()
            let links = try server.outbox().compactMap { $0["link"].map { String($0.dropFirst("http://signet.test".count)) } }
            #expect(links.count == 2)
            #expect(try await client.call(.post, "\(cancelled.base)/cancel", token: cancelled.agent).status == .ok)
            #expect(try await client.call(.get, links[0]).status == .gone)
            try await Task.sleep(for: .milliseconds(3100))
            #expect(try await client.call(.get, links[1]).status == .gone)
            // The agent may renew it: the same link works again for another lifetime.
            #expect(try await client.call(.post, "\(unopened.base)/renew", token: unopened.agent).status == .ok)
            #expect(try await client.call(.get, links[1]).status == .seeOther)
        }
    }
}
