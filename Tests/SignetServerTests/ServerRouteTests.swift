import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

@Suite("HTTP routes")
struct ServerRouteTests {
    @Test("health, and every operation of the OpenAPI document is routed")
    func openapi() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let health = try await client.call(.get, "/health").body
            #expect(health["status"] as? String == "ok")
            #expect(health["database"] as? String == "ok")
            let doc = try await client.call(.get, "/openapi.json")
            #expect(doc.body["openapi"] as? String == "3.1.0")
            let paths = try #require(doc.body["paths"] as? [String: [String: Any]])
            #expect(try await client.call(.get, "/api/v1/nowhere").body["type"] as? String == "https://signet.example/problems/no-route")
            #expect(paths.count >= 15)
            for (path, operations) in paths {
                for method in operations.keys {
                    let uri = path.replacingOccurrences(of: #"\{[a-z]+\}"#, with: "x", options: .regularExpression)
                    let answer = try await client.call(HTTPRequest.Method(method.uppercased())!, uri, json: "{}")
                    // The router's own "no route" is an HTTPError 404, mapped to the "no-route" problem type.
                    #expect(
                        answer.body["type"] as? String != "https://signet.example/problems/no-route",
                        "\(method) \(path) is not routed: \(answer.status) \(answer.body)")
                    #expect(answer.status != .internalServerError, "\(method) \(path)")
                }
            }
        }
    }

    @Test("login: a bearer token and an HttpOnly SameSite cookie; wrong passwords are rate-limited with Retry-After")
    func login() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let good = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "AGENT@example.com", "password": "\#(TestServer.password)"}"#)
            #expect(good.status == .ok)
            let token = try #require(good.body["token"] as? String)
            let cookie = try #require(good.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("signet_session="))
            #expect(try await client.call(.get, "/api/v1/auth/me", token: token).body["email"] as? String == "agent@example.com")

            for _ in 0..<5 {
                let bad = try await client.call(
                    .post, "/api/v1/auth/login", json: #"{"email": "admin@example.com", "password": "wrong-password"}"#)
                #expect(bad.status == .unauthorized)
            }
            let limited = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "admin@example.com", "password": "\#(TestServer.password)"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.headers[HTTPField.Name("Content-Type")!] == "application/problem+json")

            let malformed = try await client.call(.post, "/api/v1/auth/login", json: #"{"email": "x"}"#)
            #expect(malformed.status == .badRequest && (malformed.body["detail"] as? String)?.contains("password") == true)
        }
    }

    @Test("cookie-authenticated writes need the CSRF token from login")
    func csrf() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let login = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#)
            let token = try #require(login.body["token"] as? String)
            let csrf = try #require(login.body["csrfToken"] as? String)
            let cookie: HTTPFields = [.cookie: "signet_session=\(token)"]
            let body = #"{"customer": {"name": "Jo", "email": "jo@example.com", "channel": "email"}}"#
            #expect(try await client.call(.post, "/api/v1/sessions", json: body, headers: cookie).status == .forbidden)
            var withToken = cookie
            withToken[AuthMiddleware.csrfHeader] = csrf
            #expect(try await client.call(.post, "/api/v1/sessions", json: body, headers: withToken).status == .created)
            #expect(try await client.call(.get, "/api/v1/sessions", headers: cookie).status == .ok)
        }
    }

    @Test("start a session: the invitation goes through the outbox; the link opens the customer's own session once, then 410 when closed")
    func startAndCustomerLink() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let created = try await client.call(
                .post, "/api/v1/sessions", token: agent,
                json: #"{"customer": {"name": "Amara Okafor", "phone": "+447700900123", "channel": "sms"}}"#)
            #expect(created.status == .created)
            let id = try #require(created.body["id"] as? String)
            #expect(created.body["state"] as? String == "invited" && created.body["customerStatus"] as? String == "invitationSent")

            try await server.services.outbox.deliverDue()
            let message = try #require(try server.outbox().first)
            #expect(message["to"] == "+447700900123" && message["channel"] == "sms")
            let link = try #require(message["link"])
            #expect(link.hasPrefix("http://signet.test/s/") && link.count > "http://signet.test/s/".count + 40)
            #expect(try await client.call(.get, "/api/v1/sessions/\(id)", token: agent).body["customerStatus"] as? String == "waiting")

            let path = String(link.dropFirst("http://signet.test".count))
            let opened = try await client.call(.get, path)
            #expect(opened.status == .seeOther && opened.headers[.location] == "/customer")
            let setCookie = try #require(opened.headers[.setCookie])
            let customerCookie = String(setCookie.split(separator: ";")[0])
            let mine = try await client.call(.get, "/api/v1/customer/session", headers: [.cookie: customerCookie])
            #expect(mine.body["id"] as? String == id && mine.body["customerName"] as? String == "Amara Okafor")
            // A customer is not an agent.
            #expect(try await client.call(.get, "/api/v1/sessions/\(id)", headers: [.cookie: customerCookie]).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/sessions/\(id)", token: agent).body["customerStatus"] as? String == "onlineNow")

            #expect(try await client.call(.post, "/api/v1/sessions/\(id)/cancel", token: agent).status == .ok)
            #expect(try await client.call(.get, path).status == .gone)

            let record = try await client.call(.get, "/api/v1/sessions/\(id)/events", token: agent)
            let kinds = (record.body["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["created", "invited", "delivered", "opened", "cancelled"])
        }
    }

    @Test("pre-plan sends nothing until invite; a bad number fails delivery; re-engage fixes it and the old link stops working")
    func preplanAndReengage() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let draft = try await client.call(
                .post, "/api/v1/sessions", token: agent,
                json: #"{"customer": {"name": "Lee", "phone": "0770090012", "channel": "sms"}, "invite": false}"#)
            let id = try #require(draft.body["id"] as? String)
            #expect(draft.body["state"] as? String == "draft" && draft.body["customerStatus"] as? String == "notInvited")
            try await server.services.outbox.deliverDue()
            #expect(try server.outbox().isEmpty)

            #expect(try await client.call(.post, "/api/v1/sessions/\(id)/invite", token: agent).body["state"] as? String == "invited")
            try await server.services.outbox.deliverDue()
            let failed = try await client.call(.get, "/api/v1/sessions/\(id)", token: agent)
            #expect(failed.body["customerStatus"] as? String == "deliveryFailed")
            #expect((failed.body["deliveryError"] as? String)?.contains("E.164") == true)

            let fixed = try await client.call(
                .post, "/api/v1/sessions/\(id)/reengage", token: agent, json: #"{"email": "lee@example.com", "channel": "email"}"#)
            #expect(fixed.status == .ok && fixed.body["delivery"] as? String == "queued")
            try await server.services.outbox.deliverDue()
            let sent = try server.outbox()
            #expect(sent.count == 1 && sent[0]["to"] == "lee@example.com")
            #expect(try await client.call(.get, "/api/v1/sessions/\(id)", token: agent).body["customerStatus"] as? String == "waiting")
            let contacts = try await client.call(.get, "/api/v1/contacts", token: agent)
            #expect((contacts.body["items"] as? [[String: Any]])?.contains { $0["email"] as? String == "lee@example.com" } == true)
        }
    }

    @Test("agents see only their own sessions (404 for another's); admins see all; search and state filter")
    func visibility() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        let other = try await server.token(server.otherAgent)
        let admin = try await server.token(server.admin)
        try await server.app.test(.router) { client in
            let mine = try await client.call(
                .post, "/api/v1/sessions", token: agent,
                json: #"{"customer": {"name": "Ada Lovelace", "email": "ada@example.com", "channel": "email"}}"#)
            let id = try #require(mine.body["id"] as? String)
            _ = try await client.call(
                .post, "/api/v1/sessions", token: other,
                json: #"{"customer": {"name": "Grace Hopper", "email": "grace@example.com", "channel": "email"}, "invite": false}"#)
            #expect(try await client.call(.get, "/api/v1/sessions/\(id)", token: other).status == .notFound)
            #expect(try await client.call(.post, "/api/v1/sessions/\(id)/cancel", token: other).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/sessions/\(id)", token: admin).status == .ok)
            #expect(try await client.call(.get, "/api/v1/sessions", token: agent).body["total"] as? Int == 1)
            #expect(try await client.call(.get, "/api/v1/sessions", token: admin).body["total"] as? Int == 2)
            #expect(try await client.call(.get, "/api/v1/sessions?q=grace", token: admin).body["total"] as? Int == 1)
            #expect(try await client.call(.get, "/api/v1/sessions?state=draft", token: admin).body["total"] as? Int == 1)
            #expect(try await client.call(.get, "/api/v1/sessions?state=bogus", token: admin).status == .badRequest)
            let listed = try await client.call(.get, "/api/v1/sessions", token: agent)
            let text = String(describing: listed.body)
            #expect(!text.contains("/s/") && !text.contains("token"))
        }
    }

    @Test("request bodies over the size limit are refused with 413")
    func sizeLimit() async throws {
        let server = try await TestServer()
        let token = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let huge =
                #"{"customer": {"name": "\#(String(repeating: "x", count: 2 << 20))", "email": "a@example.com", "channel": "email"}}"#
            let answer = try await client.call(.post, "/api/v1/sessions", token: token, json: huge)
            #expect(answer.status == .contentTooLarge)
        }
    }

    @Test("password reset: single use, by a link sent by email; passwords are checked")
    func passwordReset() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            #expect(
                try await client.call(.post, "/api/v1/auth/password-reset", json: #"{"email": "nobody@example.com"}"#).status == .accepted)
            #expect(try server.outbox().isEmpty)
            #expect(
                try await client.call(.post, "/api/v1/auth/password-reset", json: #"{"email": "agent@example.com"}"#).status == .accepted)
            // The mail is sent in the background.
            for _ in 0..<100 where try server.outbox().isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            let link = try #require(try server.outbox().first?["link"])
            let token = try #require(link.components(separatedBy: "token=").last)
            let weak = try await client.call(
                .post, "/api/v1/auth/password-reset/confirm", json: #"{"token": "\#(token)", "password": "password1"}"#)
            #expect(weak.status == .badRequest && (weak.body["errors"] as? [[String: Any]])?.first?["field"] as? String == "password")
            let ok = try await client.call(
                .post, "/api/v1/auth/password-reset/confirm", json: #"{"token": "\#(token)", "password": "a-new-long-secret"}"#)
            #expect(ok.status == .noContent)
            let again = try await client.call(
                .post, "/api/v1/auth/password-reset/confirm", json: #"{"token": "\#(token)", "password": "another-secret-1"}"#)
            #expect(again.status == .badRequest)
            #expect(
                try await client.call(
                    .post, "/api/v1/auth/login", json: #"{"email": "agent@example.com", "password": "a-new-long-secret"}"#
                ).status == .ok)
        }
    }
}
