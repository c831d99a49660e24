import Foundation
import GRDB

/// One entry of a session's record.
public struct EventRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let at = Column(CodingKeys.at)
        public static let kind = Column(CodingKeys.kind)
        public static let actor = Column(CodingKeys.actor)
        public static let ip = Column(CodingKeys.ip)
        public static let userAgent = Column(CodingKeys.userAgent)
        public static let detail = Column(CodingKeys.detail)
        public static let prevHash = Column(CodingKeys.prevHash)
        public static let hash = Column(CodingKeys.hash)
    }

    public var id: Int64?
    public var sessionId: String
    public var at: Date
    /// created, invited, delivered, deliveryFailed, reengaged, opened, renewed, cancelled, ...
    public var kind: String
    /// `agent:<id>`, `customer` or `system`.
    public var actor: String
    public var ip: String?
    public var userAgent: String?
    /// A short JSON object with the event's particulars.
    public var detail: String?
    /// The hash of the row before this one (64 zeros for the first row); see `EventChain`.
    public var prevHash: String?
    /// SHA-256 of `prevHash` and this row's canonical content: the chain's head once written.
    public var hash: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
