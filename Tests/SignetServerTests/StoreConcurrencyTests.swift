import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetStore

/// The store's async boundary over a WAL pool: reads go to reader connections and are answered
/// while a write transaction is open, instead of queueing behind the one writer.
@Suite("Store concurrency")
struct StoreConcurrencyTests {
    @Test("an agent's pages are answered while another request holds the write transaction open", .sqliteOnly)
    func readsBesideAWrite() async throws {
        let server = try await TestServer()
        // A browser login: checking it only reads (an API token's first use is noted by a write).
        let (token, _) = try await server.services.accounts.startWebSession(for: server.agent)
        try await server.app.test(.router) { client in
            let created = try await client.call(
                .post, "/api/v1/sessions", token: token,
                json: #"{"customer": {"name": "Ada Reader", "email": "ada@example.com", "channel": "email"}}"#)
            #expect(created.status == .created)
            let id = try #require(created.body["id"] as? String)

            let writing = Flag()
            let release = DispatchSemaphore(value: 0)
            let writer = Task {
                try await server.services.store!.write { db in
                    try db.execute(sql: "UPDATE session SET deliveryError = NULL WHERE id = ?", arguments: [id])
                    writing.set(true)
                    // Held on GRDB's writer queue, not on a cooperative thread; bounded, so a
                    // broken store fails the test instead of hanging it.
                    _ = release.wait(timeout: .now() + 10)
                    writing.set(false)
                }
            }
            while !writing.value { try await Task.sleep(for: .milliseconds(5)) }

            for path in [
                "/api/v1/sessions", "/api/v1/sessions/\(id)", "/api/v1/sessions/\(id)/interactions", "/api/v1/sessions/\(id)/events",
            ] {
                #expect(try await client.call(.get, path, token: token).status == .ok, "\(path)")
            }
            let answeredDuringWrite = writing.value
            release.signal()
            try await writer.value
            #expect(answeredDuringWrite, "the reads waited for the write transaction to end")
        }
    }

    @Test("a customer's tabs opening the same document at once record it opened once")
    func openedOnce() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let payment = try await s.send(
                client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
            let customer = try await s.customer(client)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await client.call(.get, "/api/v1/customer/interactions/\(payment)", headers: customer).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 6))
            let events = try await server.services.events.events(session: s.id)
            #expect(events.filter { $0.kind == "interactionOpened" }.count == 1)
            #expect(try await server.services.interactions.find(payment, session: s.id)?.status == .opened)
        }
    }

    /// A boolean shared between the test and GRDB's writer queue.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var state = false
        var value: Bool { lock.withLock { state } }
        func set(_ value: Bool) { lock.withLock { state = value } }
    }
}
