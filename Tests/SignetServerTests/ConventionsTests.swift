import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

@Suite("API conventions")
struct ConventionsTests {
    static let key = HTTPField.Name("Idempotency-Key")!

    @Test("Idempotency-Key: a replay answers the first response; the same key with another body is refused")
    func idempotency() async throws {
        let server = try await TestServer()
        let token = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let body = #"{"customer": {"name": "Ada", "email": "ada@example.com", "channel": "email"}}"#
            let first = try await client.call(.post, "/api/v1/sessions", token: token, json: body, headers: [Self.key: "k-1"])
            let again = try await client.call(.post, "/api/v1/sessions", token: token, json: body, headers: [Self.key: "k-1"])
            #expect(first.status == .created && again.status == .created)
            #expect(first.body["id"] as? String == again.body["id"] as? String)
            #expect(again.headers[IdempotencyMiddleware.replayed] == "true")
            #expect(try await client.call(.get, "/api/v1/sessions", token: token).body["total"] as? Int == 1)

            let other = #"{"customer": {"name": "Bob", "email": "bob@example.com", "channel": "email"}}"#
            let reused = try await client.call(.post, "/api/v1/sessions", token: token, json: other, headers: [Self.key: "k-1"])
            #expect(reused.status == .unprocessableContent)
            // Keys belong to their sender: another agent's identical key is a new request.
            let otherAgent = try await server.token(server.otherAgent)
            #expect(
                try await client.call(.post, "/api/v1/sessions", token: otherAgent, json: body, headers: [Self.key: "k-1"]).status
                    == .created)
            // Refusals are remembered too.
            let bad = #"{"customer": {"name": "", "channel": "sms"}}"#
            let refused = try await client.call(.post, "/api/v1/sessions", token: token, json: bad, headers: [Self.key: "k-2"])
            let replayedRefusal = try await client.call(.post, "/api/v1/sessions", token: token, json: bad, headers: [Self.key: "k-2"])
            #expect(refused.status == .unprocessableContent && replayedRefusal.status == .unprocessableContent)
            #expect((replayedRefusal.body["errors"] as? [Any])?.count == 2)
        }
    }

    @Test("the live stream sends the record as Server-Sent Events and resumes after Last-Event-ID")
    func stream() async throws {
        let server = try await TestServer()
        let token = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let created = try await client.call(
                .post, "/api/v1/sessions", token: token,
                json: #"{"customer": {"name": "Ada", "email": "ada@example.com", "channel": "email"}}"#)
            let id = try #require(created.body["id"] as? String)
            try await server.services.outbox.deliverDue()
            _ = try await client.call(.post, "/api/v1/sessions/\(id)/cancel", token: token)
            let text = try await client.execute(
                uri: "/api/v1/sessions/\(id)/stream", method: .get, headers: [.authorization: "Bearer \(token)"]
            ) {
                #expect($0.headers[.contentType] == "text/event-stream")
                return String(buffer: $0.body)
            }
            let kinds = text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { $0.dropFirst(7) }
            #expect(kinds == ["created", "invited", "delivered", "cancelled"])
            #expect(text.contains("\"customerStatus\":\"cancelled\""))
            let resumed = try await client.execute(
                uri: "/api/v1/sessions/\(id)/stream", method: .get,
                headers: [.authorization: "Bearer \(token)", HTTPField.Name("Last-Event-ID")!: "2"]
            ) { String(buffer: $0.body) }
            #expect(
                resumed.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { $0.dropFirst(7) } == ["delivered", "cancelled"])
        }
    }

    @Test("authorisation: every session route as anonymous, another agent, another session's customer, and the owner")
    func authorisation() async throws {
        let server = try await TestServer()
        let owner = try await server.token(server.agent)
        let other = try await server.token(server.otherAgent)
        try await server.app.test(.router) { client in
            func start(_ token: String, _ name: String) async throws -> (id: String, cookie: String) {
                let made = try await client.call(
                    .post, "/api/v1/sessions", token: token,
                    json: #"{"customer": {"name": "\#(name)", "email": "x@example.com", "channel": "email"}}"#)
                let id = try #require(made.body["id"] as? String)
                try await server.services.outbox.deliverDue()
                let link = try #require(try server.outbox().last?["link"])
                let opened = try await client.call(.get, String(link.dropFirst("http://signet.test".count)))
                return (id, String(try #require(opened.headers[.setCookie]).split(separator: ";")[0]))
            }
            let mine = try await start(owner, "Mine")
            let theirs = try await start(other, "Theirs")

            let routes: [(HTTPRequest.Method, String)] = [
                (.get, "/api/v1/sessions/\(mine.id)"), (.post, "/api/v1/sessions/\(mine.id)/invite"),
                (.post, "/api/v1/sessions/\(mine.id)/reengage"), (.post, "/api/v1/sessions/\(mine.id)/renew"),
                (.get, "/api/v1/sessions/\(mine.id)/events"), (.post, "/api/v1/sessions/\(mine.id)/cancel"),
            ]
            for (method, uri) in routes where uri.hasSuffix("cancel") == false {
                let anonymous = try await client.call(method, uri, json: "{}")
                #expect(anonymous.status == .unauthorized, "anonymous \(method) \(uri)")
                let stranger = try await client.call(method, uri, token: other, json: "{}")
                #expect(stranger.status == .notFound, "other agent \(method) \(uri)")
                let otherCustomer = try await client.call(method, uri, json: "{}", headers: [.cookie: theirs.cookie])
                #expect(otherCustomer.status == .unauthorized || otherCustomer.status == .forbidden, "other customer \(method) \(uri)")
                let ownCustomer = try await client.call(method, uri, json: "{}", headers: [.cookie: mine.cookie])
                #expect(ownCustomer.status == .unauthorized || ownCustomer.status == .forbidden, "a customer is not an agent: \(uri)")
                let byOwner = try await client.call(method, uri, token: owner, json: "{}")
                #expect(
                    byOwner.status != .unauthorized && byOwner.status != .notFound && byOwner.status != .forbidden, "owner \(method) \(uri)"
                )
            }
            for anonymous in ["/api/v1/sessions", "/api/v1/contacts", "/api/v1/auth/me", "/api/v1/customer/session"] {
                #expect(try await client.call(.get, anonymous).status == .unauthorized, "\(anonymous)")
            }
            // Each customer sees only their own session, and nothing of the other's.
            let seen = try await client.call(.get, "/api/v1/customer/session", headers: [.cookie: theirs.cookie])
            #expect(seen.body["id"] as? String == theirs.id)
            #expect(!String(describing: seen.body).contains(mine.id) && !String(describing: seen.body).contains("Mine"))
            // No response about a session carries a link or a stored secret.
            let listed = try await client.call(.get, "/api/v1/sessions/\(mine.id)", token: owner)
            #expect(!String(describing: listed.body).contains("/s/") && listed.body["tokenHash"] == nil)
        }
    }
}
