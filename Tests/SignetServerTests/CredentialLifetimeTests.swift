import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

@Suite("Credentials end: API token expiry and revocation, disabled accounts, password resets")
struct CredentialLifetimeTests {
    @Test("API tokens: made with an expiry, listed without secrets, revoked by their owner only")
    func tokens() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        let other = try await server.token(server.otherAgent)
        try await server.app.test(.router) { client in
            let made = try await client.call(.post, "/api/v1/auth/tokens", token: agent, json: #"{"label": "ci", "expiresIn": 30}"#)
            #expect(made.status == .created)
            let token = try #require(made.body["token"] as? String)
            let id = try #require(made.body["id"] as? String)
            let expires = try #require((made.body["expiresAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
            #expect(abs(expires.timeIntervalSinceNow - 30 * 86400) < 60)
            let standard = try await client.call(.post, "/api/v1/auth/tokens", token: agent, json: #"{"label": "nightly"}"#)
            let standardExpiry = try #require((standard.body["expiresAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
            #expect(abs(standardExpiry.timeIntervalSinceNow - 90 * 86400) < 60)
            for (json, field) in [
                (#"{"label": "x", "expiresIn": 366}"#, "expiresIn"), (#"{"label": "x", "expiresIn": 0}"#, "expiresIn"),
                (#"{"label": "  "}"#, "label"),
            ] {
                let refused = try await client.call(.post, "/api/v1/auth/tokens", token: agent, json: json)
                #expect(refused.status == .badRequest && problemFields(refused.body) == [field], "\(json)")
            }

            #expect(try await client.call(.get, "/api/v1/auth/me", token: token).status == .ok)
            let listed = try await client.raw(.get, "/api/v1/auth/tokens", token: agent)
            let items = try #require(try json(listed.bytes)["items"] as? [[String: Any]])
            #expect(items.map { $0["label"] as? String } == ["nightly", "ci", "test"])
            #expect(items[1]["id"] as? String == id && items[1]["lastUsedAt"] != nil && items[1]["token"] == nil)
            let text = String(decoding: listed.bytes, as: UTF8.self)
            #expect(!text.contains(token) && !text.contains(SecretToken.hash(token)))

            // Another agent neither sees nor revokes it.
            let theirs = try await client.call(.get, "/api/v1/auth/tokens", token: other)
            #expect((theirs.body["items"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == false)
            #expect(try await client.call(.delete, "/api/v1/auth/tokens/\(id)", token: other).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/auth/me", token: token).status == .ok)

            #expect(try await client.call(.delete, "/api/v1/auth/tokens/\(id)", token: agent).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/auth/me", token: token).status == .unauthorized)
            #expect(try await client.call(.delete, "/api/v1/auth/tokens/\(id)", token: agent).status == .notFound)
        }
    }

    @Test("an expired API token opens nothing")
    func expiry() async throws {
        let server = try await TestServer()
        let old = try await server.services.accounts.issueAPIToken(
            for: server.agent, label: "old", days: 1, now: Date().addingTimeInterval(-86400 - 1)
        ).token
        try await server.app.test(.router) { client async throws in
            #expect(try await client.call(.get, "/api/v1/auth/me", token: old).status == .unauthorized)
        }
    }

    /// A browser login of `email`: its cookie header.
    static func browserLogin(_ client: some TestClientProtocol, _ email: String, _ password: String = TestServer.password) async throws
        -> HTTPFields
    {
        let login = try await client.call(.post, "/api/v1/auth/login", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        let token = try #require(login.body["token"] as? String)
        return [.cookie: "\(AuthMiddleware.agentCookie)=\(token)"]
    }

    @Test("a password reset ends every login, API token and other reset link of the account")
    func resetEndsCredentials() async throws {
        let server = try await TestServer()
        let accounts = server.services.accounts
        let apiToken = try await server.token(server.agent)
        let otherAgentsToken = try await server.token(server.otherAgent)
        let (_, first) = try #require(try await accounts.startReset(email: "agent@example.com"))
        let (_, second) = try #require(try await accounts.startReset(email: "agent@example.com"))
        try await server.app.test(.router) { client in
            let cookie = try await Self.browserLogin(client, "agent@example.com")
            #expect(try await client.call(.get, "/api/v1/auth/me", headers: cookie).status == .ok)
            let confirm = try await client.call(
                .post, "/api/v1/auth/password-reset/confirm", json: #"{"token": "\#(first)", "password": "a-new-long-secret"}"#)
            #expect(confirm.status == .noContent)
            #expect(try await client.call(.get, "/api/v1/auth/me", token: apiToken).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/auth/me", headers: cookie).status == .unauthorized)
            let stale = try await client.call(
                .post, "/api/v1/auth/password-reset/confirm", json: #"{"token": "\#(second)", "password": "an-attackers-secret"}"#)
            #expect(stale.status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/auth/me", token: otherAgentsToken).status == .ok)
            _ = try await Self.browserLogin(client, "agent@example.com", "a-new-long-secret")
        }
    }

    @Test("a disabled account cannot log in and its credentials stop at once; admins only, never themselves")
    func disable() async throws {
        let server = try await TestServer()
        let admin = try await server.token(server.admin)
        let agentToken = try await server.token(server.agent)
        let (_, reset) = try #require(try await server.services.accounts.startReset(email: "agent@example.com"))
        try await server.app.test(.router) { client in
            let cookie = try await Self.browserLogin(client, "agent@example.com")
            let uid = server.agent.id
            #expect(try await client.call(.post, "/api/v1/users/\(server.otherAgent.id)/disable", token: agentToken).status == .forbidden)
            #expect(try await client.call(.post, "/api/v1/users/\(server.admin.id)/disable", token: admin).status == .conflict)
            #expect(try await client.call(.post, "/api/v1/users/nobody/disable", token: admin).status == .notFound)

            let disabled = try await client.call(.post, "/api/v1/users/\(uid)/disable", token: admin)
            #expect(disabled.status == .ok && disabled.body["disabled"] as? Bool == true)
            #expect(try await client.call(.get, "/api/v1/auth/me", token: agentToken).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/sessions", headers: cookie).status == .unauthorized)
            let login = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#)
            #expect(login.status == .unauthorized)
            let confirm = try await client.call(
                .post, "/api/v1/auth/password-reset/confirm", json: #"{"token": "\#(reset)", "password": "a-new-long-secret"}"#)
            #expect(confirm.status == .badRequest)
            let users = try await client.call(.get, "/api/v1/users", token: admin).body["items"] as? [[String: Any]] ?? []
            #expect(users.first { $0["id"] as? String == uid }?["disabled"] as? Bool == true)

            let enabled = try await client.call(.post, "/api/v1/users/\(uid)/enable", token: admin)
            #expect(enabled.status == .ok && enabled.body["disabled"] as? Bool == false)
            #expect(try await client.call(.get, "/api/v1/auth/me", token: agentToken).status == .unauthorized)
            _ = try await Self.browserLogin(client, "agent@example.com")
        }
    }

    @Test("the migration gives old API tokens an expiry from the upgrade on, and every account credential an id")
    func migration() throws {
        let queue = try DatabaseQueue()
        try StoreMigrations.migrator.migrate(queue, upTo: "v4: batch jobs")
        let old = Date().addingTimeInterval(-400 * 86400)
        try queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO user (id, email, name, role, passwordHash, createdAt) VALUES ('u', 'a@example.com', 'A', 'agent', 'x', ?)",
                arguments: [old])
            try db.execute(
                sql: "INSERT INTO credential (tokenHash, kind, userId, label, createdAt) VALUES ('h', 'api', 'u', 'ci', ?)",
                arguments: [old])
        }
        try StoreMigrations.migrator.migrate(queue)
        let credential = try #require(try queue.read { db in try CredentialRecord.fetchOne(db, key: "h") })
        #expect(credential.id?.count == 32)
        let expiry = try #require(credential.expiresAt)
        #expect(abs(expiry.timeIntervalSinceNow - 90 * 86400) < 60)
    }
}
