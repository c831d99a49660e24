import Foundation
import GRDB

/// One entry of a session's record.
package struct EventRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "event"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let at = Column(CodingKeys.at)
        package static let kind = Column(CodingKeys.kind)
        package static let actor = Column(CodingKeys.actor)
        package static let ip = Column(CodingKeys.ip)
        package static let userAgent = Column(CodingKeys.userAgent)
        package static let detail = Column(CodingKeys.detail)
        package static let prevHash = Column(CodingKeys.prevHash)
        package static let hash = Column(CodingKeys.hash)
    }

    package var id: Int64?
    package var sessionId: String
    package var at: Date
    /// created, invited, delivered, deliveryFailed, reengaged, opened, renewed, cancelled, ...
    package var kind: String
    /// `agent:<id>`, `customer` or `system`.
    package var actor: String
    package var ip: String?
    package var userAgent: String?
    /// A short JSON object with the event's particulars.
    package var detail: String?
    /// The hash of the row before this one (64 zeros for the first row); see `EventChain`.
    package var prevHash: String?
    /// SHA-256 of `prevHash` and this row's canonical content: the chain's head once written.
    package var hash: String?

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
