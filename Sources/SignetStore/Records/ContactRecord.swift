import Foundation
import GRDB

/// An entry of an agent's address book.
public struct ContactRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contact"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let agentId = Column(CodingKeys.agentId)
        public static let name = Column(CodingKeys.name)
        public static let phone = Column(CodingKeys.phone)
        public static let email = Column(CodingKeys.email)
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public var id: Int64?
    public var agentId: String
    public var name: String
    public var phone: String?
    public var email: String?
    public var updatedAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
