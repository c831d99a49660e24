import Foundation
import GRDB
import SignetModel

/// A batch started over HTTP: a template filled from uploaded rows, or one session sent per
/// row. Its files live in the data folder under `jobs/<id>/`; this record says whose it is and
/// how it ended.
public struct BatchJobRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "batchJob"

    /// What the job does with each row.
    public enum Kind: String, Codable, Sendable { case fill, bulkSend }
    /// queued → running → finished, or failed (the whole job: unreadable data, a restart).
    public enum State: String, Codable, Sendable { case queued, running, finished, failed }

    public var id: String
    public var userId: String
    public var kind: Kind
    public var template: String
    public var dryRun: Bool
    public var state: State
    public var rows: Int
    public var done: Int
    public var failed: Int
    public var error: String?
    public var createdAt: Date
    public var finishedAt: Date?
    /// The stage a fill job checked and drew (`send` or `finish`); nil for a bulk send.
    public var stage: String?
    /// Exactly which template version the job used.
    public var templateVersion: Int?
    public var templateHash: String?

    /// Creates a queued job.
    public init(id: String, userId: String, kind: Kind, template: String, dryRun: Bool, createdAt: Date) {
        self.id = id
        self.userId = userId
        self.kind = kind
        self.template = template
        self.dryRun = dryRun
        state = .queued
        rows = 0
        done = 0
        failed = 0
        self.createdAt = createdAt
    }
}

/// One PDF a fill job wrote: which row, under what name, with which SHA-256. Kept in the
/// store, since the job's files are removed after the retention period.
public struct BatchOutputRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "batchOutput"

    public var jobId: String
    public var row: Int
    public var file: String
    public var sha256: String

    /// Creates a record.
    public init(jobId: String, row: Int, file: String, sha256: String) {
        self.jobId = jobId
        self.row = row
        self.file = file
        self.sha256 = sha256
    }
}

/// The batch jobs' records.
public struct BatchJobs: Sendable {
    let store: Store

    /// Creates the service.
    public init(store: Store) { self.store = store }

    /// Saves a job (new or changed).
    public func save(_ job: BatchJobRecord) throws {
        try store.writer.write { db in try job.save(db) }
    }

    /// The job `id` if `user` may see it (their own, or any for an admin).
    public func find(_ id: String, for user: UserRecord) throws -> BatchJobRecord? {
        try store.writer.read { db in
            guard let job = try BatchJobRecord.fetchOne(db, key: id), user.role == .admin || job.userId == user.id else { return nil }
            return job
        }
    }

    /// The user's jobs, newest first.
    public func list(for user: UserRecord, limit: Int) throws -> [BatchJobRecord] {
        try store.writer.read { db in
            var request = BatchJobRecord.all()
            if user.role != .admin { request = request.filter(Column("userId") == user.id) }
            return try request.order(Column("createdAt").desc).limit(limit).fetchAll(db)
        }
    }

    /// Records the PDFs a fill job wrote, so the record outlives the job's files.
    public func recordOutputs(_ outputs: [BatchOutputRecord]) throws {
        try store.writer.write { db in
            for output in outputs { try output.save(db) }
        }
    }

    /// The PDFs job `id` wrote, by row.
    public func outputs(of id: String) throws -> [BatchOutputRecord] {
        try store.writer.read { db in try BatchOutputRecord.filter(Column("jobId") == id).order(Column("row")).fetchAll(db) }
    }

    /// Jobs that ended before `date`, oldest first: their files are due for removal.
    public func ended(before date: Date) throws -> [BatchJobRecord] {
        try store.writer.read { db in
            try BatchJobRecord.filter(Column("finishedAt") != nil && Column("finishedAt") < date).order(Column("finishedAt")).fetchAll(db)
        }
    }

    /// Jobs a previous server process left queued or running can no longer finish: they are
    /// marked failed, with the reason, when the server starts.
    public func failInterrupted(now: Date = Date()) throws {
        try store.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE batchJob SET state = 'failed', error = 'the server stopped before the job finished; send it again',
                    finishedAt = ? WHERE state IN ('queued', 'running')
                    """, arguments: [now])
        }
    }
}
