import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetStore

/// Every documented operation that names a session, an interaction or a batch job, called by
/// people who must not reach it: nobody, another agent, another session's customer. None may
/// succeed, and none may answer 500.
@Suite("Authorisation walk over interactions")
struct AuthorisationWalkTests {
    @Test("every interaction and batch route refuses anonymous callers, other agents and other sessions' customers")
    func walk() async throws {
        let server = try TestServer()
        try await server.app.test(.router) { client in
            let mine = try await SessionFixture.start(client, server)
            let iid = try await mine.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
            let job = try await client.raw(
                .post, "/api/v1/batch-jobs?template=consent-form&format=csv&stage=send&dryRun=true", token: mine.agent,
                body: Array("clinician,procedure\nDr Ada,Knee\n".utf8))
            let jid = try #require(try json(job.bytes)["id"] as? String)
            // Another session, whose customer is signed in.
            let theirs = try await SessionFixture.start(client, server, name: "Bea Other")
            _ = try await theirs.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
            let otherCustomer = try await theirs.customer(client)
            let otherAgent = try server.token(server.otherAgent)

            let doc = try await client.call(.get, "/openapi.json")
            let paths = try #require(doc.body["paths"] as? [String: [String: Any]])
            var checked = 0
            for (path, operations) in paths where path.contains("{id}") || path.contains("{iid}") || path.contains("{jid}") {
                let uri = path.replacingOccurrences(of: "{id}", with: mine.id).replacingOccurrences(of: "{iid}", with: iid)
                    .replacingOccurrences(of: "{jid}", with: jid).replacingOccurrences(of: "{uid}", with: "x")
                    .replacingOccurrences(of: "{page}", with: "1")
                for method in operations.keys {
                    let m = HTTPRequest.Method(method.uppercased())!
                    let customerRoute = path.hasPrefix("/api/v1/customer/")
                    let anonymous = try await client.raw(m, uri, body: Array("{}".utf8))
                    #expect(anonymous.status == .unauthorized, "\(method) \(path) anonymous: \(anonymous.status)")
                    let agent = try await client.raw(m, uri, token: otherAgent, body: Array("{}".utf8))
                    #expect(
                        agent.status == (customerRoute ? .unauthorized : .notFound), "\(method) \(path) other agent: \(agent.status)")
                    let customer = try await client.raw(m, uri, body: Array("{}".utf8), headers: otherCustomer)
                    #expect(
                        customer.status == (customerRoute ? .notFound : .unauthorized),
                        "\(method) \(path) other customer: \(customer.status) \(String(decoding: customer.bytes.prefix(300), as: UTF8.self))"
                    )
                    checked += 1
                }
            }
            #expect(checked >= 30)
        }
    }
}
