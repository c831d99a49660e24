import Foundation
import GRDB

/// One person in an agent's address book (see `Contacts` for how sessions keep it to one row
/// per person: the table has one row per email and per phone of each agent).
package struct ContactRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "contact"

    /// The columns, for queries.
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let agentId = Column(CodingKeys.agentId)
        package static let name = Column(CodingKeys.name)
        package static let phone = Column(CodingKeys.phone)
        package static let email = Column(CodingKeys.email)
        package static let updatedAt = Column(CodingKeys.updatedAt)
    }

    /// The row id; nil before the first insert.
    package var id: Int64?
    /// The agent (or admin) whose book it is.
    package var agentId: String
    /// The name given most recently.
    package var name: String
    /// E.164 without separators, or as typed if it was not E.164.
    package var phone: String?
    /// Trimmed and lower-cased.
    package var email: String?
    /// When a session last reached this person, or the agent last edited them.
    package var updatedAt: Date

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
