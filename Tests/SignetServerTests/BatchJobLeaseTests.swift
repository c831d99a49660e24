import Foundation
import HummingbirdTesting
import Logging
import SignetModel
import SignetPDF
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore
@testable import SignetTemplates

/// Batch jobs shared by the instances on one database: claimed under a lease that the running
/// instance renews, and taken over when the lease runs out (the instance died). On both
/// backends; the real runner of a test server does the taking over.
@Suite("Batch job leases")
struct BatchJobLeaseTests {
    /// Records `kind` job `id` over `rows` as its route would, with nothing running it yet: the
    /// test server's runner starts with its application.
    static func post(_ server: TestServer, _ id: String, rows: String, bulk: Bool) async throws -> BatchJobRecord {
        let runner = server.services.batchRunner
        try FileManager.default.createDirectory(atPath: runner.folder(id), withIntermediateDirectories: true)
        let path = runner.folder(id) + "/rows.csv"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(rows.utf8)))
        let start = BatchJobStart(services: server.services)
        if bulk {
            let send = BulkSend(
                services: server.services, user: server.agent, actor: Actor(name: "agent:\(server.agent.id)"),
                template: try await start.template("consent-form"), columns: BulkSend.Columns(), mapping: ColumnMapping(), dryRun: false)
            return try await start.bulkSend(id, send, rows: path, by: server.agent)
        }
        var options = TemplateBatch.Options(data: path, output: runner.output(id), images: .dataURLsOnly)
        options.stage = .send
        return try await start.fill(
            id, template: try await start.template("loan-application"), options: options,
            columns: ["loan_reference", "offer_date", "agent_name", "loan_amount", "term", "interest_rate"], by: server.agent)
    }

    @Test(
        "a job an instance claimed and then stopped renewing is taken over after its lease: a fill finishes, a bulk send fails naming what was sent"
    )
    func takeover() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        let jobs = server.services.batchJobs
        let rows = (1...3).map { "LN-00000\($0),2026-11-18,Dan,100\($0),36 months,6.9" }
        let fill = try await Self.post(
            server, "fill-1",
            rows: (["loan_reference,offer_date,agent_name,loan_amount,term,interest_rate"] + rows).joined(separator: "\n"),
            bulk: false)
        let bulk = try await Self.post(
            server, "bulk-1", rows: "name,email,clinician,procedure\nAmara Okafor,amara@example.com,Dr Ada,Knee arthroscopy\n", bulk: true)
        // Another instance claims both, records one row of the fill done, and dies.
        let now = Date()
        let first = try #require(try await jobs.claim(instance: "dead", now: now, lease: 3600))
        let second = try #require(try await jobs.claim(instance: "dead", now: now, lease: 3600))
        #expect([first.id, second.id].sorted() == [bulk.id, fill.id].sorted())
        #expect(try await jobs.claim(instance: "other", now: now, lease: 1) == nil, "a job held under a lease is nobody else's")
        #expect(try await jobs.renew(fill.id, instance: "dead", until: now.addingTimeInterval(3600), rows: 3, done: 1, failed: 0))
        #expect(try await !jobs.renew(fill.id, instance: "other", until: now.addingTimeInterval(3600), rows: 3, done: 1, failed: 0))

        try await server.app.test(.router) { client in
            // Readable meanwhile from this instance, which does not run it: running, with the
            // counts its runner last recorded, and a stream that does not end.
            let shown = try await client.call(.get, "/api/v1/batch-jobs/\(fill.id)", token: agent).body
            #expect(shown["state"] as? String == "running" && shown["done"] as? Int == 1, "\(shown)")
            // Its heartbeats stop: the leases run out (here at once, rather than after an hour).
            for id in [fill.id, bulk.id] {
                #expect(try await jobs.renew(id, instance: "dead", until: Date().addingTimeInterval(-1), rows: 3, done: 1, failed: 0))
            }

            let ended = try await BatchJobRouteTests.finished(client, fill.id, agent)
            #expect(ended["state"] as? String == "finished" && ended["rows"] as? Int == 3 && ended["failed"] as? Int == 0, "\(ended)")
            let lines = try await BatchJobRouteTests.reportLines(client, fill.id, agent)
            #expect(lines.map { $0["row"] as? Int } == [1, 2, 3] && lines.allSatisfy { $0["status"] as? String == "written" })
            let zip = try await client.raw(.get, "/api/v1/batch-jobs/\(fill.id)/results.zip", token: agent)
            #expect(try Samples.zipListing(zip.bytes).count == 5)
            let record = try #require(try await jobs.find(fill.id, for: server.agent))
            #expect(record.attempts == 2 && record.claimedBy == server.configuration.instance)

            let failed = try await BatchJobRouteTests.finished(client, bulk.id, agent)
            #expect(
                failed["state"] as? String == "failed" && (failed["error"] as? String)?.contains("stopped before it finished") == true,
                "\(failed)")
            #expect((try await client.call(.get, "/api/v1/sessions", token: agent).body["items"] as? [Any])?.isEmpty == true)
            // The dead instance, back, cannot record either job.
            var late = record
            late.claimedBy = "dead"
            late.state = .failed
            #expect(try await !jobs.finish(late))
            #expect(try await jobs.find(fill.id, for: server.agent)?.state == .finished)
        }
    }

    @Test(
        "one SQLite instance restarted after a crash: its running fill job is continued at once, its running bulk send fails naming why",
        .sqliteOnly)
    func restartedAfterCrash() async throws {
        let first = try await TestServer(onDisk: true)
        defer { try? FileManager.default.removeItem(atPath: first.configuration.dataDirectory) }
        let rows = "loan_reference,offer_date,agent_name,loan_amount,term,interest_rate\nLN-000001,2026-11-18,Dan,1001,36 months,6.9\n"
        let fill = try await Self.post(first, "fill-1", rows: rows, bulk: false)
        let bulk = try await Self.post(
            first, "bulk-1", rows: "name,email,clinician,procedure\nAmara Okafor,amara@example.com,Dr Ada,Knee arthroscopy\n", bulk: true)
        // The crashed process held both under an hour's lease.
        for _ in 0..<2 { _ = try #require(try await first.services.batchJobs.claim(instance: "crashed", now: Date(), lease: 3600)) }

        var bootstrap = Bootstrap(configuration: first.configuration, engine: EngineRunner { job, _ in Engine.perform(job) })
        bootstrap.bcryptCost = 4
        let again = try await bootstrap.start()
        let failed = try #require(try await again.batchJobs.find(bulk.id, for: first.agent))
        #expect(failed.state == .failed && failed.error?.contains("send it again") == true)
        let agent = try await again.accounts.issueAPIToken(for: first.agent, label: "test").token
        try await buildApplication(services: again).test(.router) { client in
            let ended = try await BatchJobRouteTests.finished(client, fill.id, agent)
            #expect(ended["state"] as? String == "finished" && ended["rows"] as? Int == 1 && ended["failed"] as? Int == 0, "\(ended)")
        }
        #expect(try await again.batchJobs.find(fill.id, for: first.agent)?.attempts == 2)
    }

    @Test(
        "a graceful shutdown hands a bulk send on between two rows: another instance continues it, every row's session sent once")
    func handedOffBulkSend() async throws {
        let server = try await TestServer()
        let count = 16
        let rows = (1...count).map { "Customer \($0),c\($0)@example.com,Dr Ada,Knee arthroscopy" }
        let bulk = try await Self.post(
            server, "bulk-1", rows: (["name,email,clinician,procedure"] + rows).joined(separator: "\n"), bulk: true)
        let jobs = server.services.batchJobs
        // This instance stops a few rows in.
        let first = server.services.batchRunner
        try await BackgroundServiceTests.runUntil(first) { (first.progress(bulk.id)?.done ?? 0) >= 3 }
        let handed = try #require(try await jobs.find(bulk.id, for: server.agent))
        #expect(handed.state == .queued && handed.handoffs == 1 && handed.done >= 3 && handed.done < count, "\(handed)")

        let other = BatchJobRunner(jobs: jobs, root: first.root, instance: "other", logger: Logger(label: "test"))
        other.build { [services = server.services] job, resume in try await BatchJobStart(services: services).work(for: job, resume: resume)
        }
        try await BackgroundServiceTests.runUntil(other) { try await jobs.find(bulk.id, for: server.agent)?.state == .finished }
        let ended = try #require(try await jobs.find(bulk.id, for: server.agent))
        #expect(ended.done == count && ended.failed == 0 && ended.claimedBy == "other" && ended.attempts == 2, "\(ended)")
        let report = try String(contentsOfFile: first.output(bulk.id) + "/report.jsonl", encoding: .utf8)
        let lines = try report.split(separator: "\n").map { try JSONDecoder().decode(BulkSend.Line.self, from: Data($0.utf8)) }
        #expect(lines.map(\.row).sorted() == Array(1...count), "each row reported once")
        #expect(lines.allSatisfy { $0.status == .sent } && Set(lines.compactMap(\.session)).count == count)
        let sessions = try await server.services.sessions.list(for: server.agent, search: nil, state: nil, limit: 500, offset: 0)
        #expect(sessions.total == count, "one session per row, none sent twice")
    }
}
