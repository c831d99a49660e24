import Foundation
import GRDB

/// A stored secret, by the SHA-256 of its token.
public struct CredentialRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "credential"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let tokenHash = Column(CodingKeys.tokenHash)
        public static let kind = Column(CodingKeys.kind)
        public static let userId = Column(CodingKeys.userId)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let label = Column(CodingKeys.label)
        public static let csrfToken = Column(CodingKeys.csrfToken)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let expiresAt = Column(CodingKeys.expiresAt)
        public static let usedAt = Column(CodingKeys.usedAt)
        public static let id = Column(CodingKeys.id)
        public static let lastUsedAt = Column(CodingKeys.lastUsedAt)
    }
    /// What the token opens.
    public enum Kind: String, Codable, Sendable {
        /// A browser login (cookie), with its CSRF token.
        case web
        /// A bearer token for pipelines.
        case api
        /// A single-use password reset link.
        case reset
        /// A customer's invitation link (`/s/<token>`).
        case customerLink
        /// A customer's browser cookie, given in exchange for the link.
        case customer
    }

    public var tokenHash: String
    public var kind: Kind
    public var userId: String?
    public var sessionId: String?
    public var label: String?
    public var csrfToken: String?
    public var createdAt: Date
    public var expiresAt: Date?
    public var usedAt: Date?
    /// A random name for an agent's own credentials (listing, revoking); never the secret.
    public var id: String? = nil
    /// When an API token was last used, to the minute.
    public var lastUsedAt: Date? = nil

    /// Creates a credential row (only the token's hash is stored).
    public init(
        tokenHash: String, kind: Kind, userId: String? = nil, sessionId: String? = nil, label: String? = nil, csrfToken: String? = nil,
        createdAt: Date, expiresAt: Date? = nil, usedAt: Date? = nil, id: String? = nil, lastUsedAt: Date? = nil
    ) {
        self.tokenHash = tokenHash
        self.kind = kind
        self.userId = userId
        self.sessionId = sessionId
        self.label = label
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.id = id
        self.lastUsedAt = lastUsedAt
    }
}
