import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SignetFiles
import SignetModel
import SignetStore

/// Runs batch jobs in the background, one at a time per instance (each already spreads its
/// rows over the worker pool), keeps the live progress of the one it runs, and records how
/// each ended. Jobs are shared by every instance on the database: each claims the oldest job
/// due under a lease (`BatchJobQueue.claim`), renews the lease while it works (its heartbeat,
/// which also records the counts so far for the other instances' readers), and takes over a
/// job whose lease ran out because its instance died. A fill job taken over continues where
/// it stopped (the rows whose PDF is written are kept); a bulk send is not run twice (a row's
/// session may have gone out) and fails, its report listing what was sent.
///
/// A service of the server's group: a graceful shutdown takes no further job and stops the one
/// running between two rows (those being stamped or sent end first), then hands it on: queued
/// again with its counts, for any instance (or this one's next process) to continue. Jobs still
/// queued stay for any instance. Files live in the (shared) data folder under `jobs/<id>/`:
/// the uploaded rows (removed when the job ends: the report names rows by number and line),
/// `out/` (PDFs, `report.jsonl`, `summary.json`) and `results.zip`, all removed by `sweep` once
/// the retention period has passed.
package final class BatchJobRunner: Service {
    /// How far a job is.
    package struct Progress: Sendable, Codable {
        package var state: BatchJobRecord.State
        package var rows: Int
        package var done: Int
        package var failed: Int
    }

    /// A job's work: it does the rows, reporting progress, and answers the final counts.
    package typealias Work = @Sendable (@escaping @Sendable (Progress) -> Void) async throws -> Progress
    /// Makes the work of a job from its record, for a job posted to another instance or taken
    /// over (`resume`: an earlier claim had started it); answers the rows file and the work.
    package typealias Builder = @Sendable (_ job: BatchJobRecord, _ resume: Bool) async throws -> (rows: String, work: Work)

    let jobs: any BatchJobQueue
    let root: String
    let logger: Logger
    /// This instance's name in the jobs it claims.
    let instance: String
    /// Seconds a claim holds without a heartbeat; renewed every third of it.
    let lease: Double
    private let live = NIOLockedValueBox<[String: Progress]>([:])
    /// The work of jobs posted to this instance, as the request made it, until claimed here;
    /// forgotten after a while (another instance took the job, or will rebuild it if not).
    private let posted = NIOLockedValueBox<[String: (rows: String, work: Work, at: Date)]>([:])
    private let builder = NIOLockedValueBox<Builder?>(nil)
    private let woken = NIOLockedValueBox(false)

    init(jobs: any BatchJobQueue, root: String, instance: String = UUID().uuidString, lease: Double = 60, logger: Logger) {
        self.jobs = jobs
        self.root = root
        self.instance = instance
        self.lease = lease
        self.logger = logger
    }

    /// How this instance makes the work of jobs it did not post (`BatchJobStart.work`).
    package func build(with make: @escaping Builder) { builder.withLockedValue { $0 = make } }

    /// Claims and runs jobs until the server shuts down: at once when one is posted here, else
    /// every few seconds (jobs posted to other instances, leases that ran out).
    package func run() async throws {
        let poll = min(2, lease / 3)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let claimed: BatchJobRecord?
            do {
                claimed = try await jobs.claim(instance: instance, now: Date(), lease: lease)
            } catch {
                logger.error("batch jobs could not be claimed: \(error)")
                claimed = nil
            }
            let stale = Date().addingTimeInterval(-10 * 60)
            posted.withLockedValue { $0 = $0.filter { $0.value.at > stale } }
            // A job claimed as a shutdown began runs no row: cancelled at once, handed on.
            if let claimed {
                await cancelWhenGracefulShutdown { await self.run(claimed) }
            } else {
                await idle(seconds: poll)
            }
        }
    }

    /// Waits `seconds`, or less when a job is posted here or the server shuts down.
    private func idle(seconds: Double) async {
        let until = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < until && !Task.isShuttingDownGracefully && !Task.isCancelled {
            if woken.withLockedValue({ was in
                defer { was = false }; return was
            }) {
                return
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    package func folder(_ id: String) -> String { "\(root)/\(id)" }
    package func output(_ id: String) -> String { "\(root)/\(id)/out" }
    package func archive(_ id: String) -> String { "\(root)/\(id)/results.zip" }

    /// The live progress of the job this instance runs, if `id` is that job.
    package func progress(_ id: String) -> Progress? { live.withLockedValue { $0[id] } }

    /// What a follower of a job sees: its live progress whenever the counts or the state change,
    /// then the job as it ended.
    package enum Update: Sendable {
        case progress(Progress)
        case ended(BatchJobRecord)
    }

    /// Calls `deliver` with job `id`'s updates (polled every quarter second: this instance's
    /// live progress when it runs the job, else the counts its runner last recorded) until it
    /// ends, the task is cancelled or `deliver` throws.
    package func follow(_ id: String, for user: UserRecord, _ deliver: (Update) async throws -> Void) async throws {
        var last: Progress?
        while !Task.isCancelled {
            var current = progress(id)
            if current == nil, let job = try await jobs.find(id, for: user) {
                guard job.state == .queued || job.state == .running else { return try await deliver(.ended(job)) }
                current = Progress(state: job.state, rows: job.rows, done: job.done, failed: job.failed)
            }
            if let current, current.done != last?.done || current.state != last?.state {
                try await deliver(.progress(current))
                last = current
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Records `job` as queued for any instance; `work` does its rows (the data file `rows`,
    /// removed once the job has ended either way) if this instance claims it first.
    func enqueue(_ job: BatchJobRecord, rows: String, work: @escaping Work) async throws {
        posted.withLockedValue { $0[job.id] = (rows, work, Date()) }
        do {
            try await jobs.save(job)
        } catch {
            posted.withLockedValue { $0[job.id] = nil }
            throw error
        }
        woken.withLockedValue { $0 = true }
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

    /// Runs the claimed `job` under its lease and records how it ended, unless the lease was
    /// lost meanwhile (another instance took the job over and records it).
    private func run(_ claimed: BatchJobRecord) async {
        var job = claimed
        let id = job.id
        let update: @Sendable (Progress) -> Void = { [live] p in live.withLockedValue { $0[id] = p } }
        update(Progress(state: .running, rows: job.rows, done: job.done, failed: job.failed))
        let lost = NIOLockedValueBox(false)
        var rows: String?
        do {
            let made = try await work(for: job)
            rows = made.rows
            let worker = Task { try await made.work(update) }
            let beat = heartbeat(id) {
                lost.withLockedValue { $0 = true }
                worker.cancel()
            }
            defer { beat.cancel() }
            let result = try await withTaskCancellationHandler {
                try await worker.value
            } onCancel: {
                worker.cancel()
            }
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
            if let counts = live.withLockedValue({ $0[id] }) {
                (job.rows, job.done, job.failed) = (counts.rows, counts.done, counts.failed)
            }
            if error is CancellationError && job.parameters != nil && !lost.withLockedValue({ $0 }) {
                return await handOff(job)
            }
        }
        defer { live.withLockedValue { $0[id] = nil } }
        guard !lost.withLockedValue({ $0 }) else {
            logger.warning("batch job \(id) was taken over by another instance (this one missed its heartbeats)")
            return
        }
        if job.state == .failed { logger.error("batch job \(id) failed: \(job.error ?? "")") }
        // Gone before the job is seen to have ended: the report names rows by number and line.
        removeRows(id, rows)
        job.finishedAt = Date()
        job.leaseUntil = nil
        // Saved with its `batchJob.done` webhook deliveries, in one transaction.
        do {
            if try await !jobs.finish(job) { logger.warning("batch job \(id) had been taken over by another instance") }
        } catch {
            logger.error("batch job \(id) could not be recorded as ended: \(error)")
        }
    }

    /// Queues the cancelled `job` again (its rows file and outputs stay) for the next claim:
    /// a graceful shutdown stopped it between two rows, so nothing is half done.
    private func handOff(_ job: BatchJobRecord) async {
        live.withLockedValue { $0[job.id] = nil }
        do {
            if try await jobs.handOff(job.id, instance: instance, rows: job.rows, done: job.done, failed: job.failed) {
                logger.info("batch job \(job.id) handed on at row \(job.done) of \(job.rows): the server is shutting down")
            }
        } catch {
            // Its lease runs out instead, and the next claim takes it over as after a crash.
            logger.error("batch job \(job.id) could not be handed on: \(error)")
        }
    }

    /// The work of `job`: as its request made it when posted here and claimed first, else
    /// rebuilt from its record. A job that cannot safely run again fails here.
    private func work(for job: BatchJobRecord) async throws -> (rows: String, work: Work) {
        let mine = posted.withLockedValue { $0.removeValue(forKey: job.id) }
        let resume = job.attempts > 1
        if let mine, !resume { return (mine.rows, mine.work) }
        // Earlier claims that neither finished nor handed the job on: their instance died.
        let crashes = job.attempts - 1 - job.handoffs
        guard crashes < 3 else {
            throw SignetError(.internal, "the job stopped its server \(crashes) times; check its rows and send it again")
        }
        // A bulk send handed on reported every row it sent; one whose instance died may have
        // sent a row's session without reporting it.
        if crashes > 0 && job.kind == .bulkSend && !job.dryRun {
            throw SignetError(
                .internal,
                "the server running the job stopped before it finished; the report lists the rows whose sessions were sent, send the others again"
            )
        }
        guard job.parameters != nil, let make = builder.withLockedValue({ $0 }) else {
            throw SignetError(.internal, "the server stopped before the job finished; send it again")
        }
        return try await make(job, resume)
    }

    /// Renews the lease on job `id` every third of it, with the counts so far, until cancelled;
    /// calls `lost` when the job is no longer this instance's. A beat that fails (the database
    /// away for a moment) is not fatal: the lease outlasts two more.
    private func heartbeat(_ id: String, lost: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        Task { [jobs, live, lease, instance, logger] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(lease * 1000 / 3)))
                guard !Task.isCancelled, let p = live.withLockedValue({ $0[id] }) else { return }
                do {
                    let held = try await jobs.renew(
                        id, instance: instance, until: Date().addingTimeInterval(lease), rows: p.rows, done: p.done, failed: p.failed)
                    if !held { return lost() }
                } catch {
                    logger.warning("batch job \(id): the lease could not be renewed: \(error)")
                }
            }
        }
    }

    /// Removes the job's uploaded rows (`rows.<format>` in its folder).
    private func removeRows(_ id: String, _ known: String?) {
        if let known { try? FileManager.default.removeItem(atPath: known) }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder(id))) ?? [] where name.hasPrefix("rows.") {
            try? FileManager.default.removeItem(atPath: folder(id) + "/" + name)
        }
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
