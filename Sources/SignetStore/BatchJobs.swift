import Foundation
import GRDB
import SignetModel

/// The batch jobs' records.
package struct BatchJobs: Sendable {
    let store: Store

    /// Creates the service.
    package init(store: Store) { self.store = store }

    /// Saves a job (new or changed).
    package func save(_ job: BatchJobRecord) async throws {
        try await store.write { db in try job.save(db) }
    }

    /// The job `id` if `user` may see it (their own, or any for an admin).
    package func find(_ id: String, for user: UserRecord) async throws -> BatchJobRecord? {
        try await store.read { db in
            guard let job = try BatchJobRecord.fetchOne(db, key: id), user.role == .admin || job.userId == user.id else { return nil }
            return job
        }
    }

    /// The user's jobs, newest first.
    package func list(for user: UserRecord, limit: Int) async throws -> [BatchJobRecord] {
        try await store.read { db in
            var request = BatchJobRecord.all()
            if user.role != .admin { request = request.filter(BatchJobRecord.Columns.userId == user.id) }
            return try request.order(BatchJobRecord.Columns.createdAt.desc).limit(limit).fetchAll(db)
        }
    }

    package func claim(instance: String, now: Date, lease: Double) async throws -> BatchJobRecord? {
        let C = BatchJobRecord.Columns.self
        let due =
            C.state == BatchJobRecord.State.queued.rawValue
            || (C.state == BatchJobRecord.State.running.rawValue && (C.leaseUntil == nil || C.leaseUntil < now))
        // Polled every few seconds: a read first, so an idle server takes no write lock (and
        // commits nothing) while no job is due.
        guard try await store.read({ db in try BatchJobRecord.filter(due).fetchCount(db) > 0 }) else { return nil }
        // One writer at a time on SQLite: the select and the update cannot interleave with
        // another claim. No cached read shows a job: the read cache stays.
        return try await store.write(keepingReads: true) { db in
            guard var job = try BatchJobRecord.filter(due).order(C.createdAt, C.id).fetchOne(db) else { return nil }
            job.state = .running
            job.claimedBy = instance
            job.leaseUntil = now.addingTimeInterval(lease)
            job.attempts += 1
            try job.update(db)
            return job
        }
    }

    package func renew(_ id: String, instance: String, until: Date, rows: Int, done: Int, failed: Int) async throws -> Bool {
        try await store.write(keepingReads: true) { db in
            try db.execute(
                sql: """
                    UPDATE batchJob SET leaseUntil = ?, rows = ?, done = ?, failed = ?
                    WHERE id = ? AND claimedBy = ? AND state = 'running'
                    """, arguments: [until, rows, done, failed, id, instance])
            return db.changesCount == 1
        }
    }

    package func handOff(_ id: String, instance: String, rows: Int, done: Int, failed: Int) async throws -> Bool {
        try await store.write { db in
            try db.execute(
                sql: """
                    UPDATE batchJob SET state = 'queued', claimedBy = NULL, leaseUntil = NULL, handoffs = handoffs + 1,
                    rows = ?, done = ?, failed = ? WHERE id = ? AND claimedBy = ? AND state = 'running'
                    """, arguments: [rows, done, failed, id, instance])
            return db.changesCount == 1
        }
    }

    /// Saves a job that has ended (finished or failed) and queues `batchJob.done` for the
    /// webhooks that want it, with its counts, in the same transaction; unless the job is no
    /// longer the claiming instance's.
    @discardableResult
    package func finish(_ job: BatchJobRecord) async throws -> Bool {
        try await store.write { db in
            let held = try BatchJobRecord.fetchOne(db, key: job.id)
            guard let held, held.state == .running, held.claimedBy == job.claimedBy else { return false }
            try job.save(db)
            try WebhookEvents.enqueue(db, type: "batchJob.done", now: job.finishedAt ?? Date()) { Self.webhookData(job) }
            return true
        }
    }

    /// What `batchJob.done` tells a receiver: the job's counts, never its rows.
    static func webhookData(_ job: BatchJobRecord) -> [String: Any] {
        var data: [String: Any] = [
            "job": job.id, "kind": job.kind.rawValue, "state": job.state.rawValue, "template": job.template, "dryRun": job.dryRun,
            "rows": job.rows, "done": job.done, "failed": job.failed,
        ]
        if let version = job.templateVersion { data["templateVersion"] = version }
        return data
    }

    /// Records the PDFs a fill job wrote, so the record outlives the job's files.
    package func recordOutputs(_ outputs: [BatchOutputRecord]) async throws {
        try await store.write { db in
            for output in outputs { try output.save(db) }
        }
    }

    /// The PDFs job `id` wrote, by row.
    package func outputs(of id: String) async throws -> [BatchOutputRecord] {
        try await store.read { db in
            try BatchOutputRecord.filter(BatchOutputRecord.Columns.jobId == id).order(BatchOutputRecord.Columns.row).fetchAll(db)
        }
    }

    /// Jobs that ended before `date`, oldest first: their files are due for removal.
    package func ended(before date: Date) async throws -> [BatchJobRecord] {
        try await store.read { db in
            try BatchJobRecord.filter(BatchJobRecord.Columns.finishedAt != nil && BatchJobRecord.Columns.finishedAt < date).order(
                BatchJobRecord.Columns.finishedAt
            ).fetchAll(db)
        }
    }

    /// What a previous process of this (single) instance left running, at its start: SQLite
    /// is never shared between instances, so no one else holds those jobs. A job that cannot be
    /// resumed (one recorded without its parameters, or a bulk send still running, which may
    /// have sent a row's session without reporting it) fails, with the reason; the others'
    /// leases end now, so this instance takes them over at once and continues where they
    /// stopped. A job a graceful shutdown handed on is queued, not running: it simply resumes.
    package func releaseInterrupted(now: Date = Date()) async throws {
        try await store.write { db in
            try db.execute(
                sql: """
                    UPDATE batchJob SET state = 'failed', error = 'the server stopped before the job finished; send it again',
                    finishedAt = ? WHERE state IN ('queued', 'running')
                    AND (parameters IS NULL OR (state = 'running' AND kind = 'bulkSend' AND NOT dryRun))
                    """, arguments: [now])
            try db.execute(sql: "UPDATE batchJob SET leaseUntil = ? WHERE state = 'running'", arguments: [now.addingTimeInterval(-1)])
        }
    }
}
