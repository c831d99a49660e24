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
