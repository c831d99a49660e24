import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Sessions started with `"verification": "code"`: a 6-digit code goes over the channel on the
/// customer's first visit, and until that browser enters it every customer route but the
/// session and the code screen's own answers 403 `verificationRequired`.
@Suite("One-time code before signing")
struct OneTimeCodeTests {
    /// Starts a session that asks for a code, with a payment request released to its customer.
    static func start(_ client: some TestClientProtocol, _ server: TestServer, name: String = "Cody Coded") async throws
        -> (session: SessionFixture, payment: String)
    {
        let agent = try await server.token(server.agent)
        let created = try await client.call(
            .post, "/api/v1/sessions", token: agent,
            json: #"{"customer": {"name": "\#(name)", "email": "cody@example.com", "channel": "email"}, "verification": "code"}"#)
        #expect(created.status == .created)
        #expect(created.body["verification"] as? String == "code")
        guard let id = created.body["id"] as? String else { throw FixtureError.failed("session: \(created.body)") }
        let session = SessionFixture(server: server, agent: agent, id: id, name: name)
        let payment = try await session.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
        return (session, payment)
    }

    /// The codes delivered so far, oldest first.
    static func codes(_ server: TestServer) async throws -> [String] {
        try await server.services.outbox.deliverDue()
        return try server.outbox().compactMap { $0["code"] }
    }

    /// The code that is not `code` (for a wrong try).
    static func wrong(_ code: String) -> String { code == "000000" ? "111111" : "000000" }

    static func verify(_ client: some TestClientProtocol, _ code: String, _ customer: HTTPFields) async throws -> (
        status: HTTPResponse.Status, body: [String: Any], headers: HTTPFields
    ) {
        try await client.call(.post, "/api/v1/customer/verify", json: #"{"code": "\#(code)"}"#, headers: customer)
    }

    @Test(
        "until the code is entered the customer sees only the code screen; the code travels in the outbox and is kept only hashed",
        .sqliteOnly)
    func codeScreen() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let (s, payment) = try await Self.start(client, server)
            let customer = try await s.customer(client)
            let codes = try await Self.codes(server)
            #expect(codes.count == 1)
            let code = try #require(codes.first)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            #expect(try server.outbox().last?["body"]?.contains(code) == true)

            // Once handed over, the store keeps no code in the clear: the message is blanked and
            // the code's row holds an HMAC under a key of its own.
            let stored = try await server.services.store!.read { db in
                (try OutboxRecord.fetchAll(db), try CustomerCodeRecord.fetchAll(db))
            }
            #expect(!stored.0.contains { $0.body.contains(code) || ($0.code ?? "").contains(code) })
            #expect(stored.1.count == 1 && stored.1.allSatisfy { $0.mac != code && !$0.mac.contains(code) })

            let screen = try await client.call(.get, "/api/v1/customer/session", headers: customer)
            #expect(screen.status == .ok)
            let verification = try #require(screen.body["verification"] as? [String: Any])
            #expect(verification["state"] as? String == "pending")
            #expect(verification["triesLeft"] as? Int == 5 && verification["resendsLeft"] as? Int == 3)
            #expect(verification["expiresAt"] is String)

            let mine = "/api/v1/customer"
            let refused: [(HTTPRequest.Method, String, String?)] = [
                (.get, "\(mine)/interactions", nil), (.get, "\(mine)/interactions/\(payment)", nil),
                (.get, "\(mine)/interactions/\(payment)/pages/1", nil),
                (.post, "\(mine)/interactions/\(payment)/decline", #"{"reason": "no"}"#), (.get, "\(mine)/stream", nil),
                (.get, "\(mine)/messages", nil), (.post, "\(mine)/messages", #"{"text": "hi"}"#),
            ]
            for (method, path, json) in refused {
                let answer = try await client.call(method, path, json: json, headers: customer)
                #expect(answer.status == .forbidden, "\(method) \(path)")
                #expect((answer.body["type"] as? String)?.hasSuffix("/verificationRequired") == true, "\(method) \(path)")
            }

            let wrong = try await Self.verify(client, Self.wrong(code), customer)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body["detail"] as? String == "4 tries left")
            #expect(problemFields(wrong.body) == ["code"])
            // People type codes with a space in the middle.
            let right = try await Self.verify(client, "\(code.prefix(3)) \(code.suffix(3))", customer)
            #expect(right.status == .ok)
            #expect(right.body["state"] as? String == "verified")
            #expect(try await client.call(.get, "\(mine)/interactions", headers: customer).status == .ok)
            #expect(try await client.call(.get, "\(mine)/interactions/\(payment)", headers: customer).status == .ok)
            // Entering it again changes nothing; there is nothing left to resend.
            #expect(try await Self.verify(client, Self.wrong(code), customer).status == .ok)
            #expect(try await client.call(.post, "\(mine)/verify/resend", headers: customer).status == .conflict)

            let record = try await client.call(.get, "\(s.base)/events", token: s.agent).body["items"] as? [[String: Any]] ?? []
            let kinds = record.compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0.hasPrefix("code") } == ["codeSent", "codeFailed", "codeVerified"])
            let failed = record.first { $0["kind"] as? String == "codeFailed" }?["detail"] as? [String: String]
            #expect(failed == ["reason": "wrong", "triesLeft": "4"])
            #expect(record.allSatisfy { ($0["hash"] as? String)?.count == 64 })
        }
    }

    @Test("five wrong tries void the code; a new one is asked for, at most three in 15 minutes (then 429 with Retry-After)")
    func wrongTriesAndResends() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let (s, _) = try await Self.start(client, server)
            let customer = try await s.customer(client)
            let first = try #require(try await Self.codes(server).first)
            for left in [4, 3, 2, 1] {
                let answer = try await Self.verify(client, Self.wrong(first), customer)
                #expect(answer.body["detail"] as? String == "\(left) \(left == 1 ? "try" : "tries") left")
            }
            let fifth = try await Self.verify(client, Self.wrong(first), customer)
            #expect(fifth.status == .unprocessableContent)
            #expect((fifth.body["type"] as? String)?.hasSuffix("/code-voided") == true)
            // Void means void: even the right code no longer opens anything.
            let late = try await Self.verify(client, first, customer)
            #expect(late.status == .conflict)
            #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: customer).status == .forbidden)

            for left in [2, 1, 0] {
                let resend = try await client.call(.post, "/api/v1/customer/verify/resend", headers: customer)
                #expect(resend.status == .accepted)
                #expect(resend.body["resendsLeft"] as? Int == left && resend.body["triesLeft"] as? Int == 5)
            }
            let refused = try await client.call(.post, "/api/v1/customer/verify/resend", headers: customer)
            #expect(refused.status == .tooManyRequests)
            let wait = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect((880...900).contains(wait))

            let codes = try await Self.codes(server)
            #expect(codes.count == 4)
            // Only the newest code counts: each new one replaces the one before.
            if codes[1] != codes[3] {
                #expect(try await Self.verify(client, codes[1], customer).status == .unprocessableContent)
            }
            #expect(try await Self.verify(client, codes[3], customer).status == .ok)
            #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: customer).status == .ok)
            let record = try await client.call(.get, "\(s.base)/events", token: s.agent).body["items"] as? [[String: Any]] ?? []
            let details = record.filter { $0["kind"] as? String == "codeFailed" }.compactMap { $0["detail"] as? [String: String] }
            #expect(details.last { $0["reason"] == "voided" } != nil)
            #expect(record.filter { $0["kind"] as? String == "codeSent" }.count == 4)
        }
    }

    @Test("a code works for ten minutes and no longer (injected clock)")
    func lifetime() async throws {
        let server = try await TestServer()
        let services = server.services
        let start = Date()
        let session = try await services.sessions.create(
            agent: server.agent, customer: CustomerContact(name: "Tim Timely", email: "tim@example.com", channel: .email), invite: true,
            verification: .code, by: .system, now: start)
        try await services.outbox.deliverDue(now: start)
        let link = try #require(try server.outbox().last?["link"])
        guard
            case .success(let (_, cookie, _)) = try await services.customers.open(
                linkToken: String(link.split(separator: "/").last ?? ""), by: Actor(name: "customer"), now: start)
        else { throw FixtureError.failed("open") }
        try await services.outbox.deliverDue(now: start)
        let first = try #require(try server.outbox().last?["code"])
        let codes = services.customerCodes
        let customer = Actor(name: "customer")

        // The store keeps times to the millisecond.
        let expiresAt = try #require(try await codes.status(cookie: cookie, session: session.id, now: start).expiresAt)
        #expect(abs(expiresAt.timeIntervalSince(start) - 600) < 0.01)
        #expect(try await codes.verify(cookie: cookie, session: session.id, code: first, by: customer, now: start + 601) == .expired)
        #expect(try await codes.verify(cookie: cookie, session: session.id, code: first, by: customer, now: start + 602) == .noCode)
        #expect(try await codes.isVerified(cookie: cookie) == false)

        let later = start + 700
        _ = try await codes.resend(session, by: customer, now: later)
        try await services.outbox.deliverDue(now: later)
        let second = try #require(try server.outbox().last?["code"])
        #expect(try await codes.verify(cookie: cookie, session: session.id, code: second, by: customer, now: later + 599) == .verified)
        #expect(try await codes.isVerified(cookie: cookie))
    }

    @Test("a forwarded link opened in another browser needs a code of its own")
    func forwardedLink() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let (s, _) = try await Self.start(client, server)
            let owner = try await s.customer(client)
            let first = try #require(try await Self.codes(server).last)
            #expect(try await Self.verify(client, first, owner).status == .ok)

            // The same link opened elsewhere: a new cookie, not verified; a new code goes to the
            // customer's own address (the used one opens nothing).
            let forwarded = try await s.customer(client)
            let codes = try await Self.codes(server)
            #expect(codes.count == 2)
            #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: forwarded).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: owner).status == .ok)
            if first != codes[1] { #expect(try await Self.verify(client, first, forwarded).status == .unprocessableContent) }
            #expect(try await Self.verify(client, codes[1], forwarded).status == .ok)
            #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: forwarded).status == .ok)
        }
    }

    @Test("the certificate of completion lists the code sent, refused and entered, and the chat, in words")
    func certificate() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let (s, _) = try await Self.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let document = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let customer = try await s.customer(client)
            let code = try #require(try await Self.codes(server).first)
            _ = try await Self.verify(client, Self.wrong(code), customer)
            #expect(try await Self.verify(client, code, customer).status == .ok)
            let asked = try await client.call(.post, "/api/v1/customer/messages", json: #"{"text": "Private question"}"#, headers: customer)
            #expect(asked.status == .created)
            let finished = try await client.call(.post, "/api/v1/customer/interactions/\(document)/finish", json: "{}", headers: customer)
            #expect(finished.status == .ok, "\(finished.body)")
            let pdf = try await client.raw(.get, "\(s.base)/interactions/\(document)/certificate.pdf", token: s.agent)
            #expect(pdf.status == .ok)
            // In reading order (not -layout), so a cell's wrapped lines follow each other.
            let path = NSTemporaryDirectory() + "signet-code-certificate-\(UUID().uuidString).pdf"
            try Data(pdf.bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let text = try Samples.run("pdftotext", [path, "-"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for words in [
                "One-time code sent by email", "Wrong one-time code (4 tries left)", "Customer entered the one-time code",
                "Chat message from the customer (16 characters)",
            ] {
                #expect(text.contains(words), "\(words)")
            }
            // The certificate says a message was written, not what it said.
            #expect(!text.contains("Private question"))
        }
    }

    @Test("bad codes and bad requests are refused without costing a try; a session without a code needs none")
    func badInput() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let agent = try await server.token(server.agent)
            let odd = try await client.call(
                .post, "/api/v1/sessions", token: agent,
                json: #"{"customer": {"name": "Odd", "email": "odd@example.com", "channel": "email"}, "verification": "sms"}"#)
            #expect(odd.status == .badRequest)
            #expect((odd.body["detail"] as? String)?.lowercased().contains("verification") == true, "\(odd.body)")

            let (s, _) = try await Self.start(client, server)
            let customer = try await s.customer(client)
            for bad in [#"{"code": "12ab56"}"#, #"{"code": "12345"}"#, #"{"code": "1234567"}"#, #"{"code": "١٢٣٤٥٦"}"#] {
                let answer = try await client.call(.post, "/api/v1/customer/verify", json: bad, headers: customer)
                #expect(answer.status == .badRequest, "\(bad)")
                #expect(problemFields(answer.body) == ["code"], "\(bad)")
            }
            #expect(try await client.call(.post, "/api/v1/customer/verify", json: "{}", headers: customer).status == .badRequest)
            #expect(
                try await client.call(.post, "/api/v1/customer/verify", json: #"{"code": 123456}"#, headers: customer).status == .badRequest
            )
            // Without the CSRF token the cookie counts for nothing.
            var noCSRF = customer
            noCSRF[AuthMiddleware.csrfHeader] = nil
            #expect(
                try await client.call(.post, "/api/v1/customer/verify", json: #"{"code": "123456"}"#, headers: noCSRF).status == .forbidden)
            let screen = try await client.call(.get, "/api/v1/customer/session", headers: customer)
            #expect((screen.body["verification"] as? [String: Any])?["triesLeft"] as? Int == 5)

            let plain = try await SessionFixture.start(client, server, name: "Pat Plain")
            let plainCustomer = try await plain.customer(client)
            let session = try await client.call(.get, "/api/v1/customer/session", headers: plainCustomer)
            #expect(session.status == .ok && session.body["verification"] == nil)
            #expect(try await Self.verify(client, "123456", plainCustomer).status == .conflict)
            #expect(try await client.call(.post, "/api/v1/customer/verify/resend", headers: plainCustomer).status == .conflict)
            #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: plainCustomer).status == .ok)
        }
    }
}
