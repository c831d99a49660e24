import Foundation
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// The server's background work runs as services of the application's one group: reset mail
/// leaves from its queue, and a graceful shutdown stops a batch job instead of waiting for it.
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

    @Test("a graceful shutdown cancels the running batch job, records it as failed, and starts no queued one")
    func batchJobShutdown() async throws {
        let server = try await TestServer()
        let root = server.configuration.dataDirectory + "/jobs"
        let runner = BatchJobRunner(jobs: server.services.batchJobs, root: root, logger: Logger(label: "test"))
        func job(_ id: String) throws -> (BatchJobRecord, String) {
            try FileManager.default.createDirectory(atPath: runner.folder(id), withIntermediateDirectories: true)
            let rows = runner.folder(id) + "/rows.csv"
            FileManager.default.createFile(atPath: rows, contents: Data("a\n1\n".utf8))
            return (BatchJobRecord(id: id, userId: server.agent.id, kind: .fill, template: "t", dryRun: true, createdAt: Date()), rows)
        }
        // A job that would run for a minute unless cancelled.
        let (long, longRows) = try job("long")
        try await runner.enqueue(long, rows: longRows) { _ in
            try await Task.sleep(for: .seconds(60))
            return BatchJobRunner.Progress(state: .finished, rows: 1, done: 1, failed: 0)
        }
        let (next, nextRows) = try job("next")
        try await runner.enqueue(next, rows: nextRows) { _ in BatchJobRunner.Progress(state: .finished, rows: 1, done: 1, failed: 0) }

        let group = ServiceGroup(configuration: .init(services: [runner], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = Date().addingTimeInterval(10)
            while runner.progress("long")?.state != .running && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(runner.progress("long")?.state == .running)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        let stopped = try #require(try await server.services.batchJobs.find("long", for: server.agent))
        #expect(stopped.state == .failed && stopped.finishedAt != nil)
        #expect(!FileManager.default.fileExists(atPath: longRows))
        #expect(try await server.services.batchJobs.find("next", for: server.agent)?.state == .queued)
    }
}
