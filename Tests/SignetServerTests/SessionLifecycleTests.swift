import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SignetAPI
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// A session's lifetime named at its start (ISO 8601), counted from the invitation; the
/// expired link's page and problem; completion once every interaction is done, the customer's
/// read-only downloads afterwards, and their end.
@Suite("Session lifetime and completion")
struct SessionLifecycleTests {
    /// Starts a session for `name` with `extra` JSON members beside the customer.
    static func start(_ client: some TestClientProtocol, _ server: TestServer, _ extra: String, name: String = "Amara Okafor")
        async throws -> (SessionFixture, body: [String: Any])
    {
        let agent = try await server.token(server.agent)
        let created = try await client.call(
            .post, "/api/v1/sessions", token: agent,
            json: #"{"customer": {"name": "\#(name)", "email": "amara@example.com", "channel": "email"}\#(extra)}"#)
        guard created.status == .created, let id = created.body["id"] as? String else {
            throw FixtureError.failed("session: \(created.status) \(created.body)")
        }
        return (SessionFixture(server: server, agent: agent, id: id, name: name), created.body)
    }

    static func seconds(_ body: [String: Any], from: String, to: String) throws -> Double {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func date(_ key: String) throws -> Date {
            let text = try #require(body[key] as? String)
            return try #require(format.date(from: text) ?? ISO8601DateFormatter().date(from: text))
        }
        return try date(to).timeIntervalSince(date(from))
    }

    @Test("lifetime: an ISO 8601 duration from the invitation, the service's default without one; bad ones are 422 naming the field")
    func lifetimes() async throws {
        let server = try await TestServer { $0.sessionLifetime = 3 * 86_400 }
        try await server.app.test(.router) { client in
            let (_, named) = try await Self.start(client, server, #", "lifetime": "P1DT12H""#)
            #expect(try Self.seconds(named, from: "invitedAt", to: "expiresAt") == 36 * 3600)
            let (_, weeks) = try await Self.start(client, server, #", "lifetime": "P2W""#)
            #expect(try Self.seconds(weeks, from: "invitedAt", to: "expiresAt") == 14 * 86_400)
            let (_, fallback) = try await Self.start(client, server, "")
            #expect(try Self.seconds(fallback, from: "invitedAt", to: "expiresAt") == 3 * 86_400)
            // A draft's clock starts at its invitation, not at its creation.
            let (draft, planned) = try await Self.start(client, server, #", "lifetime": "PT1H", "invite": false"#)
            #expect(planned["expiresAt"] == nil)
            let invited = try await client.call(.post, "\(draft.base)/invite", token: draft.agent)
            #expect(try Self.seconds(invited.body, from: "invitedAt", to: "expiresAt") == 3600)

            let agent = try await server.token(server.agent)
            for (lifetime, reason) in [
                ("P1M", "months and years"), ("P1Y", "months and years"), ("P400D", "between PT1S and P365D"), ("PT0S", "between"),
                ("7 days", "ISO 8601"), ("PT1.5H", "whole numbers"), ("P1W2D", "weeks on their own"),
            ] {
                let refused = try await client.call(
                    .post, "/api/v1/sessions", token: agent,
                    json: #"{"customer": {"name": "A", "email": "a@example.com", "channel": "email"}, "lifetime": "\#(lifetime)"}"#)
                #expect(refused.status == .unprocessableContent, "\(lifetime)")
                let errors = refused.body["errors"] as? [[String: Any]] ?? []
                #expect(errors.count == 1 && errors[0]["field"] as? String == "lifetime", "\(lifetime): \(refused.body)")
                #expect((errors.first?["reason"] as? String)?.contains(reason) == true, "\(lifetime): \(errors)")
            }
            // Every problem at once, the customer's and the lifetime's.
            let both = try await client.call(
                .post, "/api/v1/sessions", token: agent, json: #"{"customer": {"name": "", "channel": "sms"}, "lifetime": "P1M"}"#)
            #expect(problemFields(both.body) == ["name", "phone", "lifetime"])
            let wrongType = try await client.call(
                .post, "/api/v1/sessions", token: agent,
                json: #"{"customer": {"name": "A", "email": "a@example.com", "channel": "email"}, "lifetime": 7}"#)
            #expect(wrongType.status == .badRequest && (wrongType.body["detail"] as? String)?.contains("lifetime") == true)
        }
    }

    @Test("a PT3S link answers 410 after three seconds: a page naming the agent for a browser, problem+json for a program")
    func expiredLink() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            // Three seconds, not fewer: the renewal at the end must outlive a stall of a loaded
            // machine between it and the next call (two once did not, the whole suite on two cores).
            let (s, _) = try await Self.start(client, server, #", "lifetime": "PT3S""#)
            try await server.services.outbox.deliverDue()
            let path = String(try #require(try server.outbox().last?["link"]).dropFirst("http://signet.test".count))
            let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]
            // Never opened: the clock ran from the invitation all the same.
            try await Task.sleep(for: .milliseconds(3100))
            let page = try await client.raw(.get, path, headers: browser)
            let html = String(decoding: page.bytes, as: UTF8.self)
            #expect(page.status == .gone && page.headers[.contentType]?.hasPrefix("text/html") == true && page.headers[.setCookie] == nil)
            #expect(html.contains("This invitation has expired") && html.contains("Agent") && html.contains("mailto:agent@example.com"))
            #expect(!html.contains("<script"))
            let problem = try await client.call(.get, path)
            #expect(problem.status == .gone && problem.headers[.contentType] == "application/problem+json")
            #expect((problem.body["detail"] as? String)?.contains("Agent (agent@example.com)") == true)
            // The agent's view shows it expired; renewing brings the link back for another PT3S.
            #expect(try await client.call(.get, s.base, token: s.agent).body["state"] as? String == "expired")
            #expect(try await client.call(.post, "\(s.base)/renew", token: s.agent).status == .ok)
            #expect(try await client.call(.get, path).status == .seeOther)
        }
    }

    @Test("an agent's name is escaped on the expired page")
    func escapedPage() {
        let page = ClosedLinkPage(
            title: "This invitation has expired", detail: "ask <b>x</b> for a new invitation",
            agent: (name: "<script>alert(1)</script> & \"Co\"", email: "a'b@example.com"))
        let html = page.html
        #expect(!html.contains("<script>") && !html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;") && html.contains("a&#39;b@example.com"))
    }

    @Test("completed and declined → the session completes in the same change; read-only downloads; then the link is 410")
    func completion() async throws {
        // Room for a loaded machine: the checks before the window ends take a few seconds there.
        let server = try await TestServer { $0.downloadWindow = 15 }
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let terms = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let fees = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Fees"}"#)
            let customer = try await s.customer(client)
            let mine = "/api/v1/customer/interactions"
            #expect(try await client.call(.post, "\(mine)/\(terms)/finish", json: "{}", headers: customer).status == .ok)
            #expect(try await client.call(.get, s.base, token: s.agent).body["state"] as? String == "active")
            let declined = try await client.call(.post, "\(mine)/\(fees)/decline", json: #"{"reason": "Not mine"}"#, headers: customer)
            #expect(declined.status == .ok)

            // The change that declined the last one completed the session, recorded once, naming no interaction.
            let shown = try await client.call(.get, s.base, token: s.agent)
            #expect(shown.body["state"] as? String == "completed" && shown.body["customerStatus"] as? String == "completed")
            #expect(shown.body["completedAt"] != nil)
            let events = try await server.services.events.events(session: s.id)
            let completions = events.filter { $0.kind == "completed" && !($0.detail ?? "").contains("\"interaction\"") }
            #expect(completions.count == 1 && completions[0].actor == "system")
            #expect(completions.first?.detail?.contains(#""declinedInteractions":"1""#) == true)
            let declineEvent = try #require(events.last { $0.kind == "declined" })
            #expect(try #require(completions.first?.id) > (declineEvent.id ?? 0))

            // The customer's page: read-only, with their copies.
            let session = try await client.call(.get, "/api/v1/customer/session", headers: customer)
            #expect(session.body["state"] as? String == "completed" && session.body["downloadsUntil"] != nil)
            let copy = try await client.raw(.get, "\(mine)/\(terms)/finished.pdf", headers: customer)
            #expect(copy.status == .ok && copy.bytes.starts(with: Array("%PDF".utf8)))
            #expect(try await client.raw(.get, "\(mine)/\(terms)/certificate.pdf", headers: customer).status == .ok)
            let write = try await client.call(.post, "\(mine)/\(terms)/decline", json: #"{"reason": "x"}"#, headers: customer)
            #expect(write.status == .conflict && write.body["title"] as? String == "This session is complete")
            // A completed session is final: nothing more is sent into it, nor is it reminded or cancelled.
            let more = try await client.call(
                .post, "\(s.base)/documents", token: s.agent, json: #"{"upload": "\#(letter)", "title": "More"}"#)
            #expect(more.status == .conflict && (more.body["detail"] as? String)?.contains("start a new session") == true)
            #expect(try await client.call(.post, "\(s.base)/remind", token: s.agent).status == .conflict)
            #expect(try await client.call(.post, "\(s.base)/cancel", token: s.agent).status == .conflict)
            // The invitation link still opens, onto the all-done page.
            let link = String(try #require(try server.outbox().last?["link"]).dropFirst("http://signet.test".count))
            #expect(try await client.call(.get, link).status == .seeOther)

            // After the download window: the link and the cookie are 410, saying why.
            try await Task.sleep(for: .milliseconds(15_100))
            let gone = try await client.call(.get, link)
            #expect(gone.status == .gone && gone.body["title"] as? String == "This session is complete and its downloads have ended")
            #expect(try await client.raw(.get, "\(mine)/\(terms)/finished.pdf", headers: customer).status == .gone)
            #expect(try await client.call(.get, s.base, token: s.agent).body["state"] as? String == "completed")
        }
    }

    @Test("a session with nothing done, or with a step still to do, does not complete; an empty one never does")
    func notYetComplete() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let customer = try await s.customer(client)
            #expect(try await client.call(.get, s.base, token: s.agent).body["state"] as? String == "active")
            let letter = try await s.upload(client, "letter.pdf")
            let batch = try await client.call(
                .post, "\(s.base)/batches", token: s.agent,
                json:
                    #"{"title": "Pack", "documents": [{"upload": "\#(letter)", "title": "One"}, {"upload": "\#(letter)", "title": "Two"}]}"#
            )
            let steps = try #require(batch.body["steps"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            let request = try await s.send(client, "document-requests", #"{"documents": [{"type": "idCard"}]}"#)
            let mine = "/api/v1/customer/interactions"
            #expect(try await client.call(.post, "\(mine)/\(steps[0])/finish", json: "{}", headers: customer).status == .ok)
            #expect(try await client.call(.post, "\(mine)/\(steps[1])/finish", json: "{}", headers: customer).status == .ok)
            // The batch is done; the request is not.
            #expect(try await client.call(.get, s.base, token: s.agent).body["state"] as? String == "active")
            #expect(
                try await client.call(.post, "\(mine)/\(request)/decline", json: #"{"reason": "No ID"}"#, headers: customer).status == .ok)
            #expect(try await client.call(.get, s.base, token: s.agent).body["state"] as? String == "completed")
        }
    }
}
