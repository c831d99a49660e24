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

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
