import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// A customer link lives for the session's lifetime counted from the invitation, opened or
/// not; a closed link or cookie answers 410 naming the agent to ask, and sets no cookie.
@Suite("Customer link lifetime")
struct LinkLifetimeTests {
    static let lifetime: Double = 3600

    /// Invites a customer as the test server's agent as if `ago` seconds had passed since, and
    /// answers the session and the path of its link.
    static func invited(_ server: TestServer, ago: Double) async throws -> (SessionRecord, path: String) {
        let session = try await server.services.sessions.create(
            agent: server.agent, customer: CustomerContact(name: "Noor Haddad", email: "noor@example.com", channel: .email), invite: true,
            by: .system, now: Date().addingTimeInterval(-ago))
        try await server.services.outbox.deliverDue()
        let link = try #require(try server.outbox().last?["link"])
        return (session, String(link.dropFirst("http://signet.test".count)))
    }

    @Test("an unopened link past its lifetime is 410 with whom to ask and no cookie; renew and re-engage bring it back")
    func unopenedLinkExpires() async throws {
        let server = try await TestServer { $0.sessionLifetime = Self.lifetime }
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let (session, path) = try await Self.invited(server, ago: Self.lifetime + 60)
            let stale = try await client.call(.get, path)
            #expect(stale.status == .gone && stale.headers[.setCookie] == nil)
            #expect(stale.body["title"] as? String == "This invitation has expired")
            #expect((stale.body["detail"] as? String)?.contains("Agent (agent@example.com)") == true)
            // Reading the session shows it expired without waiting for anyone to record it.
            let shown = try await client.call(.get, "/api/v1/sessions/\(session.id)", token: agent)
            #expect(shown.body["state"] as? String == "expired" && shown.body["customerStatus"] as? String == "expired")

            // Renewing gives the same link a new lifetime, counted from now.
            let renewed = try await client.call(.post, "/api/v1/sessions/\(session.id)/renew", token: agent)
            #expect(renewed.status == .ok && renewed.body["state"] as? String == "invited")
            #expect(try await client.call(.get, path).status == .seeOther)

            // Re-engaging an expired unopened invitation sends a new link with a lifetime of its own.
            let (other, oldPath) = try await Self.invited(server, ago: Self.lifetime + 60)
            let reengaged = try await client.call(
                .post, "/api/v1/sessions/\(other.id)/reengage", token: agent, json: #"{"email": "noor.haddad@example.com"}"#)
            #expect(reengaged.status == .ok && reengaged.body["state"] as? String == "invited")
            try await server.services.outbox.deliverDue()
            let newPath = String(try #require(try server.outbox().last?["link"]).dropFirst("http://signet.test".count))
            #expect(try await client.call(.get, oldPath).status == .notFound)
            #expect(try await client.call(.get, newPath).status == .seeOther)
        }
    }

    @Test("a link after cancel is 410 and sets no cookie, opened before or not")
    func cancelledLink() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let (session, path) = try await Self.invited(server, ago: 0)
            #expect(try await client.call(.post, "/api/v1/sessions/\(session.id)/cancel", token: agent).status == .ok)
            let refused = try await client.call(.get, path)
            #expect(refused.status == .gone && refused.headers[.setCookie] == nil)
            #expect(refused.body["title"] as? String == "This session is cancelled")
            #expect((refused.body["detail"] as? String)?.contains("agent@example.com") == true)
        }
    }

    @Test("an opened session keeps the invitation's expiry: its cookie is 410 on customer routes once it passes")
    func cookieExpires() async throws {
        let server = try await TestServer { $0.sessionLifetime = Self.lifetime }
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            // Invited almost a lifetime ago: the first visit must not start a new one. (Seconds
            // to spare for a machine busy with the rest of the suite.)
            let left = 15.0
            let (session, path) = try await Self.invited(server, ago: Self.lifetime - left)
            let opened = try await client.call(.get, path)
            #expect(opened.status == .seeOther)
            let cookie = try #require(opened.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let mine = try await client.call(.get, "/api/v1/customer/session", headers: [.cookie: cookie])
            #expect(mine.status == .ok)
            let expiresAt = try #require(try await server.services.sessions.session(id: session.id)?.expiresAt)
            let invitedAt = try #require(session.invitedAt)
            #expect(abs(expiresAt.timeIntervalSince(invitedAt) - Self.lifetime) < 0.01)

            try await Task.sleep(for: .milliseconds(Int((expiresAt.timeIntervalSinceNow + 0.2) * 1000)))
            for route in ["/api/v1/customer/session", "/api/v1/customer/interactions", "/api/v1/customer/stream"] {
                let late = try await client.call(.get, route, headers: [.cookie: cookie])
                #expect(late.status == .gone, "\(route)")
                #expect((late.body["detail"] as? String)?.contains("agent@example.com") == true, "\(route)")
            }
            // Housekeeping records the expiry once, with its event.
            #expect(try await server.services.sessions.recordExpiries() == 1)
            #expect(try await server.services.sessions.recordExpiries() == 0)
            #expect(try await client.call(.get, path).status == .gone)
            let record = try await client.call(.get, "/api/v1/sessions/\(session.id)/events", token: agent)
            let kinds = (record.body["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds?.filter { $0 == "expired" }.count == 1)
        }
    }
}
