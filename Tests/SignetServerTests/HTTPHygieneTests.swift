import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import SignetServer
@testable import SignetSessions

@Suite("HTTP hygiene: JSON content type, stale customer cookies, CSRF comparison, HSTS, private logs")
struct HTTPHygieneTests {
    @Test("JSON routes refuse bodies not declared application/json (a cross-site form's text/plain): 415, no cookie")
    func contentType() async throws {
        let server = try await TestServer()
        let body = ByteBuffer(string: #"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#)
        try await server.app.test(.router) { client in
            for contentType in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", nil] {
                var headers: HTTPFields = [:]
                if let contentType { headers[.contentType] = contentType }
                try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .unsupportedMediaType, "\(contentType ?? "none")")
                    #expect(response.headers[.setCookie] == nil)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(
                uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "Application/JSON; charset=utf-8"], body: body
            ) { response in
                #expect(response.status == .ok && response.headers[.setCookie] != nil)
            }
        }
        #expect(JSONBodyDecoder.isJSON("application/json") && !JSONBodyDecoder.isJSON("application/jsonp") && !JSONBodyDecoder.isJSON(""))
    }

    @Test("a customer cookie of a cancelled session: 410 on customer routes only; the agent login still works")
    func staleCustomerCookie() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let fixture = try await SessionFixture.start(client, server)
            let customer = try await fixture.customer(client)
            let cookie: HTTPFields = [.cookie: customer[.cookie] ?? ""]
            #expect(try await client.call(.post, "\(fixture.base)/cancel", token: fixture.agent).status == .ok)

            let mine = try await client.call(.get, "/api/v1/customer/session", headers: cookie)
            #expect(mine.status == .gone && mine.body["type"] as? String == "https://signet.example/problems/session-closed")
            #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: cookie).status == .gone)
            let login = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#,
                headers: cookie)
            #expect(login.status == .ok)
            let token = try #require(login.body["token"] as? String)
            let both: HTTPFields = [.cookie: "\(customer[.cookie] ?? ""); \(AuthMiddleware.agentCookie)=\(token)"]
            #expect(try await client.call(.get, "/api/v1/sessions", headers: both).status == .ok)
            #expect(try await client.call(.get, "/health", headers: cookie).status == .ok)
        }
    }

    @Test("CSRF tokens are compared whole, in constant time")
    func sameSecret() {
        #expect(AuthMiddleware.sameSecret("abc", "abc"))
        #expect(
            !AuthMiddleware.sameSecret("abd", "abc") && !AuthMiddleware.sameSecret("ab", "abc") && !AuthMiddleware.sameSecret("abcd", "abc")
        )
        #expect(!AuthMiddleware.sameSecret(nil, "abc") && !AuthMiddleware.sameSecret("abc", nil) && !AuthMiddleware.sameSecret(nil, nil))
    }

    @Test("HSTS on every response when cookies are secure, never otherwise")
    func hsts() async throws {
        for secure in [false, true] {
            let server = try await TestServer { $0.secureCookies = secure }
            try await server.app.test(.router) { client in
                for path in ["/health", "/api/v1/nowhere", "/api/v1/auth/me"] {
                    let answer = try await client.call(.get, path)
                    let expected = secure ? "max-age=31536000; includeSubDomains" : nil
                    #expect(answer.headers[.strictTransportSecurity] == expected, "\(path), secure \(secure)")
                }
            }
        }
    }

    @Test("a failed reset mail is logged with the account id, never the email address")
    func resetMailLog() {
        struct Rejected: Error, CustomStringConvertible { var description: String { "550 5.1.1 <Agent@Example.com>: no such user" } }
        let line = SignIn.resetMailFailure(account: "u-1", recipient: "agent@example.com", error: Rejected())
        #expect(line.contains("u-1") && line.contains("550") && !line.lowercased().contains("agent@example.com"))
    }
}
