import Foundation
import GRDB

/// One person in an agent's address book (see `Contacts` for how sessions keep it to one row
/// per person: the table has one row per email and per phone of each agent).
public struct ContactRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contact"

    /// The columns, for queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let agentId = Column(CodingKeys.agentId)
        public static let name = Column(CodingKeys.name)
        public static let phone = Column(CodingKeys.phone)
        public static let email = Column(CodingKeys.email)
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

    /// The row id; nil before the first insert.
    public var id: Int64?
    /// The agent (or admin) whose book it is.
    public var agentId: String
    /// The name given most recently.
    public var name: String
    /// E.164 without separators, or as typed if it was not E.164.
    public var phone: String?
    /// Trimmed and lower-cased.
    public var email: String?
    /// When a session last reached this person, or the agent last edited them.
    public var updatedAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
