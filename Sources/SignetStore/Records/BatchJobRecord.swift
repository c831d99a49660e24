import Foundation
import GRDB

/// A batch started over HTTP: a template filled from uploaded rows, or one session sent per
/// row. Its files live in the data folder under `jobs/<id>/`; this record says whose it is and
/// how it ended.
public struct BatchJobRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "batchJob"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let userId = Column(CodingKeys.userId)
        public static let kind = Column(CodingKeys.kind)
        public static let template = Column(CodingKeys.template)
        public static let dryRun = Column(CodingKeys.dryRun)
        public static let state = Column(CodingKeys.state)
        public static let rows = Column(CodingKeys.rows)
        public static let done = Column(CodingKeys.done)
        public static let failed = Column(CodingKeys.failed)
        public static let error = Column(CodingKeys.error)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let finishedAt = Column(CodingKeys.finishedAt)
        public static let stage = Column(CodingKeys.stage)
        public static let templateVersion = Column(CodingKeys.templateVersion)
        public static let templateHash = Column(CodingKeys.templateHash)
    }

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
