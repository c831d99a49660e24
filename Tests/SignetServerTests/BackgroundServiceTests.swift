import Foundation
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// The server's background work runs as services of the application's one group: reset mail
/// leaves from its queue, and a graceful shutdown stops a batch job between two rows instead of
/// waiting for it, and hands it on.
@Suite("Background services")
struct BackgroundServiceTests {
    @Test("a password reset's mail is sent by the reset mail service, after a 202 that does not wait for it")
    func resetMail() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let answer = try await client.call(.post, "/api/v1/auth/password-reset", json: #"{"email": "agent@example.com"}"#)
            #expect(answer.status == .accepted)
            let deadline = Date().addingTimeInterval(10)
            while try server.outbox().isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let mail = try #require(try server.outbox().first)
            #expect(mail["to"] == "agent@example.com" && mail["subject"] == "Reset your Signet password")
            #expect(mail["link"]?.hasPrefix("http://signet.test/reset?token=") == true)
        }
    }

    @Test("a graceful shutdown stops the running batch job and hands it on, starting no queued one; the next process continues it")
    func batchJobShutdown() async throws {
        let server = try await TestServer()
        let root = server.configuration.dataDirectory + "/jobs"
        let runner = BatchJobRunner(jobs: server.services.batchJobs, root: root, instance: "first", logger: Logger(label: "test"))
        func job(_ id: String) throws -> (BatchJobRecord, String) {
            try FileManager.default.createDirectory(atPath: runner.output(id), withIntermediateDirectories: true)
            let rows = runner.folder(id) + "/rows.csv"
            #expect(FileManager.default.createFile(atPath: rows, contents: Data("a\n1\n2\n".utf8)))
            var record = BatchJobRecord(id: id, userId: server.agent.id, kind: .fill, template: "t", dryRun: true, createdAt: Date())
            record.parameters = "{}"
            return (record, rows)
        }
        // A job that does one row, then would run for a minute unless cancelled.
        let (long, longRows) = try job("long")
        try await runner.enqueue(long, rows: longRows) { update in
            update(BatchJobRunner.Progress(state: .running, rows: 2, done: 1, failed: 0))
            try await Task.sleep(for: .seconds(60))
            return BatchJobRunner.Progress(state: .finished, rows: 2, done: 2, failed: 0)
        }
        let (next, nextRows) = try job("next")
        try await runner.enqueue(next, rows: nextRows) { _ in BatchJobRunner.Progress(state: .finished, rows: 2, done: 2, failed: 0) }

        let started = ContinuousClock.now
        try await Self.runUntil(runner) { runner.progress("long")?.done == 1 }
        #expect(ContinuousClock.now - started < .seconds(30))
        let handed = try #require(try await server.services.batchJobs.find("long", for: server.agent))
        #expect(handed.state == .queued && handed.handoffs == 1 && handed.attempts == 1 && handed.claimedBy == nil)
        #expect(handed.done == 1 && handed.rows == 2 && handed.finishedAt == nil && handed.error == nil, "\(handed)")
        #expect(FileManager.default.fileExists(atPath: longRows), "its rows stay for whoever continues it")
        #expect(try await server.services.batchJobs.find("next", for: server.agent)?.state == .queued)

        // The next process (or another instance) claims it first, as a resumed job that did not crash.
        let later = BatchJobRunner(jobs: server.services.batchJobs, root: root, instance: "second", logger: Logger(label: "test"))
        let resumed = Claims()
        later.build { job, resume in
            await resumed.note(job.id, resume: resume)
            return (runner.folder(job.id) + "/rows.csv", { _ in BatchJobRunner.Progress(state: .finished, rows: 2, done: 2, failed: 0) })
        }
        try await Self.runUntil(later) {
            let next = try await server.services.batchJobs.find("next", for: server.agent)
            let long = try await server.services.batchJobs.find("long", for: server.agent)
            return next?.state == .finished && long?.state == .finished
        }
        let resumes = await resumed.resumed
        #expect(resumes == ["long": true, "next": false])
        let finished = try #require(try await server.services.batchJobs.find("long", for: server.agent))
        #expect(finished.attempts == 2 && finished.handoffs == 1 && finished.claimedBy == "second" && finished.done == 2)
    }

    /// Runs `runner` in a service group until `ready` holds (a minute at most: the whole suite
    /// beside it slows the rows), then shuts it down gracefully.
    static func runUntil(_ runner: BatchJobRunner, _ ready: @escaping @Sendable () async throws -> Bool) async throws {
        let group = ServiceGroup(configuration: .init(services: [runner], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = Date().addingTimeInterval(60)
            while try await !ready(), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await ready())
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Whether each job the builder made was a resumed one.
    actor Claims {
        var resumed: [String: Bool] = [:]
        func note(_ id: String, resume: Bool) { resumed[id] = resume }
    }
}
