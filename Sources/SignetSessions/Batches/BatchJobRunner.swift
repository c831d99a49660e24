import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SignetFiles
import SignetModel
import SignetStore

/// Runs batch jobs one after another in the background (each already spreads its rows over
/// the worker pool), keeps their live progress for the stream, and records how each ended. A
/// service of the server's group: a graceful shutdown takes no further job and cancels the one
/// running (its rows being stamped end first), which is then recorded as failed; jobs still
/// queued are left to `BatchJobs.failInterrupted` at the next start.
/// Files live under `<data>/jobs/<id>/`: the uploaded rows (removed when the job ends: the
/// report names rows by number and line), `out/` (PDFs, `report.jsonl`, `summary.json`) and
/// `results.zip`, all removed by `sweep` once the retention period has passed.
package final class BatchJobRunner: Service {
    /// How far a job is.
    package struct Progress: Sendable, Codable {
        package var state: BatchJobRecord.State
        package var rows: Int
        package var done: Int
        package var failed: Int
    }

    let jobs: any BatchJobQueue
    let root: String
    let logger: Logger
    private let live = NIOLockedValueBox<[String: Progress]>([:])
    private let queue = AsyncStream.makeStream(of: Queued.self)

    /// A job waiting its turn.
    private struct Queued: Sendable {
        var job: BatchJobRecord
        var rows: String
        var work: @Sendable (@escaping @Sendable (Progress) -> Void) async throws -> Progress
    }

    init(jobs: any BatchJobQueue, root: String, logger: Logger) {
        self.jobs = jobs
        self.root = root
        self.logger = logger
    }

    /// Runs the queued jobs in turn until the server shuts down.
    package func run() async throws {
        for await queued in queue.stream.cancelOnGracefulShutdown() {
            // A job already queued may still come out of the stream after a shutdown began.
            guard !Task.isShuttingDownGracefully else { break }
            await cancelWhenGracefulShutdown { await self.run(queued.job, rows: queued.rows, work: queued.work) }
        }
    }

    package func folder(_ id: String) -> String { "\(root)/\(id)" }
    package func output(_ id: String) -> String { "\(root)/\(id)/out" }
    package func archive(_ id: String) -> String { "\(root)/\(id)/results.zip" }

    /// The live progress of a job of this process, if it is queued or running.
    package func progress(_ id: String) -> Progress? { live.withLockedValue { $0[id] } }

    /// What a follower of a job sees: its live progress whenever the counts or the state change,
    /// then the job as it ended.
    package enum Update: Sendable {
        case progress(Progress)
        case ended(BatchJobRecord)
    }

    /// Calls `deliver` with job `id`'s updates (polled every quarter second) until it ends, the
    /// task is cancelled or `deliver` throws.
    package func follow(_ id: String, for user: UserRecord, _ deliver: (Update) async throws -> Void) async throws {
        var last: Progress?
        while !Task.isCancelled {
            if let live = progress(id) {
                if live.done != last?.done || live.state != last?.state {
                    try await deliver(.progress(live))
                    last = live
                }
            } else if let ended = try await jobs.find(id, for: user) {
                return try await deliver(.ended(ended))
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Queues `job`; `work` does its rows (the data file `rows`, removed once the job has
    /// ended either way), reporting progress, and answers the final counts.
    func enqueue(
        _ job: BatchJobRecord, rows: String, work: @escaping @Sendable (@escaping @Sendable (Progress) -> Void) async throws -> Progress
    ) async throws {
        try await jobs.save(job)
        live.withLockedValue { $0[job.id] = Progress(state: .queued, rows: 0, done: 0, failed: 0) }
        queue.continuation.yield(Queued(job: job, rows: rows, work: work))
    }

    /// Removes the files of jobs that ended more than `retention` seconds before `now`; their
    /// records (counts, template version, outputs' SHA-256) stay. Answers how many folders went.
    @discardableResult
    func sweep(retention: Double, now: Date = Date()) async throws -> Int {
        var removed = 0
        for job in try await jobs.ended(before: now.addingTimeInterval(-retention)) where progress(job.id) == nil {
            guard FileManager.default.fileExists(atPath: folder(job.id)) else { continue }
            try FileManager.default.removeItem(atPath: folder(job.id))
            removed += 1
        }
        return removed
    }

    private func run(
        _ job: BatchJobRecord, rows: String, work: @escaping @Sendable (@escaping @Sendable (Progress) -> Void) async throws -> Progress
    ) async {
        var job = job
        job.state = .running
        try? await jobs.save(job)
        let id = job.id
        let update: @Sendable (Progress) -> Void = { [live] p in live.withLockedValue { $0[id] = p } }
        update(Progress(state: .running, rows: 0, done: 0, failed: 0))
        do {
            let result = try await work(update)
            try pack(job.id)
            job.rows = result.rows
            job.done = result.done
            job.failed = result.failed
            job.state = .finished
        } catch {
            job.state = .failed
            // Messages name the job's own files; the client knows them as "the data file".
            job.error =
                (error as? SignetError)?.message.replacingOccurrences(of: folder(job.id) + "/", with: "")
                ?? (error as? FieldProblems).map(\.description) ?? "the job stopped unexpectedly"
            logger.error("batch job \(job.id) failed: \(error)")
        }
        // Gone before the job is seen to have ended: the report names rows by number and line.
        try? FileManager.default.removeItem(atPath: rows)
        job.finishedAt = Date()
        // Saved with its `batchJob.done` webhook deliveries, in one transaction.
        do { try await jobs.finish(job) } catch { logger.error("batch job \(job.id) could not be recorded as ended: \(error)") }
        live.withLockedValue { $0[job.id] = nil }
    }

    /// Zips everything the job wrote (PDFs, report, summary) into `results.zip`.
    private func pack(_ id: String) throws {
        let out = output(id)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.sorted()
        let zip = try ZipWriter(path: archive(id) + ".part")
        for name in names { try zip.add(file: "\(out)/\(name)", as: name) }
        try zip.finish()
        guard rename(archive(id) + ".part", archive(id)) == 0 else { throw SignetError(.io, "cannot keep the results archive") }
    }
}
