import Foundation
import GRDB

/// A batch started over HTTP: a template filled from uploaded rows, or one session sent per
/// row. Its files live in the data folder under `jobs/<id>/`; this record says whose it is and
/// how it ended.
package struct BatchJobRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "batchJob"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let userId = Column(CodingKeys.userId)
        package static let kind = Column(CodingKeys.kind)
        package static let template = Column(CodingKeys.template)
        package static let dryRun = Column(CodingKeys.dryRun)
        package static let state = Column(CodingKeys.state)
        package static let rows = Column(CodingKeys.rows)
        package static let done = Column(CodingKeys.done)
        package static let failed = Column(CodingKeys.failed)
        package static let error = Column(CodingKeys.error)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let finishedAt = Column(CodingKeys.finishedAt)
        package static let stage = Column(CodingKeys.stage)
        package static let templateVersion = Column(CodingKeys.templateVersion)
        package static let templateHash = Column(CodingKeys.templateHash)
        package static let parameters = Column(CodingKeys.parameters)
        package static let claimedBy = Column(CodingKeys.claimedBy)
        package static let leaseUntil = Column(CodingKeys.leaseUntil)
        package static let attempts = Column(CodingKeys.attempts)
        package static let handoffs = Column(CodingKeys.handoffs)
    }

    /// What the job does with each row.
    package enum Kind: String, Codable, Sendable { case fill, bulkSend }
    /// queued → running → finished, or failed (the whole job: unreadable data, a bulk send whose
    /// instance died); running → queued again when a graceful shutdown hands it on.
    package enum State: String, Codable, Sendable { case queued, running, finished, failed }

    package var id: String
    package var userId: String
    package var kind: Kind
    package var template: String
    package var dryRun: Bool
    package var state: State
    package var rows: Int
    package var done: Int
    package var failed: Int
    package var error: String?
    package var createdAt: Date
    package var finishedAt: Date?
    /// The stage a fill job checked and drew (`send` or `finish`); nil for a bulk send.
    package var stage: String?
    /// Exactly which template version the job used.
    package var templateVersion: Int?
    package var templateHash: String?
    /// What any instance needs to run the job (stage, mapping, columns, who sent it), as JSON;
    /// nil for a job recorded before jobs were shared, which no instance can take over.
    package var parameters: String?
    /// The instance running the job, and until when its lease holds: an instance renews the
    /// lease while it works (its heartbeat); a lease that ran out means the instance died, and
    /// another takes the job over.
    package var claimedBy: String?
    package var leaseUntil: Date?
    /// How many times an instance has claimed the job (more than once: taken over).
    package var attempts: Int
    /// How many of those claims ended in a hand-off (a graceful shutdown stopped the instance's
    /// work between two rows and queued the job again); the others that ended early were crashes.
    package var handoffs: Int

    /// Creates a queued job.
    package init(id: String, userId: String, kind: Kind, template: String, dryRun: Bool, createdAt: Date) {
        self.id = id
        self.userId = userId
        self.kind = kind
        self.template = template
        self.dryRun = dryRun
        state = .queued
        rows = 0
        done = 0
        failed = 0
        attempts = 0
        handoffs = 0
        self.createdAt = createdAt
    }
}
