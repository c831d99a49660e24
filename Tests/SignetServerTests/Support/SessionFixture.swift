import Foundation
import HTTPTypes
import HummingbirdTesting

@testable import SignetServer
@testable import SignetSessions

/// A session started by the test server's agent, and its customer's cookie and CSRF header
/// once the invitation link has been opened.
struct SessionFixture {
    let server: TestServer
    let agent: String
    let id: String
    let name: String
    var base: String { "/api/v1/sessions/\(id)" }

    /// Starts a session (invited at once, or pre-planned).
    static func start(_ client: some TestClientProtocol, _ server: TestServer, invite: Bool = true, name: String = "Amara Okafor")
        async throws -> SessionFixture
    {
        let agent = try await server.token(server.agent)
        let created = try await client.call(
            .post, "/api/v1/sessions", token: agent,
            json: #"{"customer": {"name": "\#(name)", "email": "amara@example.com", "channel": "email"}, "invite": \#(invite)}"#)
        guard let id = created.body["id"] as? String else { throw FixtureError.failed("session: \(created.body)") }
        return SessionFixture(server: server, agent: agent, id: id, name: name)
    }

    /// Delivers the invitation and opens its link as the customer.
    func customer(_ client: some TestClientProtocol) async throws -> HTTPFields {
        try await server.services.outbox.deliverDue()
        guard let link = try server.outbox().last(where: { $0["body"]?.contains("Hello \(name),") ?? false })?["link"] else {
            throw FixtureError.failed("no invitation")
        }
        let opened = try await client.call(.get, String(link.dropFirst("http://signet.test".count)))
        guard let cookie = opened.headers[.setCookie]?.split(separator: ";").first.map(String.init) else {
            throw FixtureError.failed("no cookie")
        }
        let csrf = try await client.call(.get, "/api/v1/customer/session", headers: [.cookie: cookie]).body["csrfToken"] as? String
        return [.cookie: cookie, AuthMiddleware.csrfHeader: csrf ?? ""]
    }

    /// Sends `json` to `path` under the session as the agent; answers the new interaction's id.
    func send(_ client: some TestClientProtocol, _ path: String, _ json: String) async throws -> String {
        let answer = try await client.call(.post, "\(base)/\(path)", token: agent, json: json)
        guard answer.status == .created, let id = answer.body["id"] as? String else {
            throw FixtureError.failed("\(path): \(answer.status) \(answer.body)")
        }
        return id
    }

    /// Uploads a sample PDF for an ad hoc document; answers its SHA-256.
    func upload(_ client: some TestClientProtocol, _ sample: String) async throws -> String {
        let answer = try await client.raw(
            .post, "\(base)/uploads?name=\(sample)", token: agent, body: try Samples.bytes("SampleDocs/\(sample)"))
        guard let sha = try json(answer.bytes)["upload"] as? String else { throw FixtureError.failed("upload: \(answer.status)") }
        return sha
    }
}

enum FixtureError: Error {
    case failed(String)
}

/// The `field` names of a problem+json answer's errors.
func problemFields(_ body: [String: Any]) -> Set<String> {
    Set((body["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
}
