import Foundation
import GRDB

/// An agent or admin account.
package struct UserRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "user"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let email = Column(CodingKeys.email)
        package static let name = Column(CodingKeys.name)
        package static let role = Column(CodingKeys.role)
        package static let passwordHash = Column(CodingKeys.passwordHash)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let disabledAt = Column(CodingKeys.disabledAt)
    }
    /// Who may do what.
    package enum Role: String, Codable, Sendable, CaseIterable { case agent, admin }

    package var id: String
    package var email: String
    package var name: String
    package var role: Role
    /// bcrypt hash; the password itself is never stored.
    package var passwordHash: String
    package var createdAt: Date
    /// Set while an admin has disabled the account: it cannot log in and holds no credential.
    package var disabledAt: Date? = nil
}
