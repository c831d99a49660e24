import Foundation
import GRDB

/// An agent or admin account.
public struct UserRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let email = Column(CodingKeys.email)
        public static let name = Column(CodingKeys.name)
        public static let role = Column(CodingKeys.role)
        public static let passwordHash = Column(CodingKeys.passwordHash)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let disabledAt = Column(CodingKeys.disabledAt)
    }
    /// Who may do what.
    public enum Role: String, Codable, Sendable, CaseIterable { case agent, admin }

    public var id: String
    public var email: String
    public var name: String
    public var role: Role
    /// bcrypt hash; the password itself is never stored.
    public var passwordHash: String
    public var createdAt: Date
    /// Set while an admin has disabled the account: it cannot log in and holds no credential.
    public var disabledAt: Date? = nil
}
