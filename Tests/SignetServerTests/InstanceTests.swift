import Foundation
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Two instances on one PostgreSQL database and one data folder, each with its own services,
/// read cache and live streams, as two `signet serve` processes behind a load balancer.
@Suite("Two instances on PostgreSQL", .enabled(if: TestDatabase.url != nil, "needs SIGNET_TEST_DATABASE_URL (scripts/with-postgres)"))
struct InstanceTests {
    @Test("the agent's live stream on instance A shows the customer opening the link on instance B within a second")
    func streamAcrossInstances() async throws {
        let a = try await TestServer()
        let b = try await TestServer(beside: a)
        try await a.app.test(.live) { clientA in
            try await b.app.test(.live) { clientB in
                let port = try #require(clientA.port)
                let s = try await SessionFixture.start(clientA, a)
                let stream = try StreamReader(port: port, path: "\(s.base)/stream", headers: ["Authorization": "Bearer \(s.agent)"])
                #expect(await stream.wait(for: "event: invited\n", timeout: 10))
                // Delivered and opened through B: B's outbox deliverer, B's customer routes.
                let customer = try await SessionFixture(server: b, agent: s.agent, id: s.id, name: s.name).customer(clientB)
                #expect(await stream.wait(for: "event: opened\n", timeout: 1))
                // B's read cache (which now holds the customer's session) does not keep what A
                // changes: A cancels, and B's customer is told within a second.
                let cancelled = try await clientA.call(.post, "\(s.base)/cancel", token: s.agent, json: "{}")
                #expect(cancelled.status.code < 300, "\(cancelled.body)")
                var gone = false
                for _ in 0..<20 where !gone {
                    gone = try await clientB.call(.get, "/api/v1/customer/session", headers: customer).status == .gone
                    if !gone { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(gone)
            }
        }
    }

    @Test("an instance starting beside a running one leaves its running batch job and its requests' scratch files alone")
    func startBeside() async throws {
        let a = try await TestServer()
        var job = BatchJobRecord(id: "job-a", userId: a.agent.id, kind: .fill, template: "t", dryRun: true, createdAt: Date())
        job.parameters = "{}"
        try await a.services.batchJobs.save(job)
        let claimed = try #require(try await a.services.batchJobs.claim(instance: "a", now: Date(), lease: 60))
        let scratch = try a.services.scratchDirectory()
        _ = try await TestServer(beside: a)
        let after = try #require(try await a.services.batchJobs.find(claimed.id, for: a.agent))
        #expect(after.state == .running && after.claimedBy == "a" && after.error == nil)
        #expect(FileManager.default.fileExists(atPath: scratch))
    }

    @Test("login throttling is shared: failed logins spread over two instances count together")
    func sharedLoginLimit() async throws {
        let a = try await TestServer()
        let b = try await TestServer(beside: a)
        try await a.app.test(.router) { clientA in
            try await b.app.test(.router) { clientB in
                for n in 0..<a.configuration.loginAttempts {
                    let status =
                        n % 2 == 0
                        ? try await LoginLimitTests.login(clientA, "agent@example.com")
                        : try await LoginLimitTests.login(clientB, "agent@example.com")
                    #expect(status == .unauthorized)
                }
                #expect(try await LoginLimitTests.login(clientA, "agent@example.com") == .tooManyRequests)
                #expect(try await LoginLimitTests.login(clientB, "agent@example.com", TestServer.password) == .tooManyRequests)
            }
        }
    }
}
