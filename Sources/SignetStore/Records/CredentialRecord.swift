import Foundation
import GRDB

/// A stored secret, by the SHA-256 of its token.
package struct CredentialRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "credential"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let tokenHash = Column(CodingKeys.tokenHash)
        package static let kind = Column(CodingKeys.kind)
        package static let userId = Column(CodingKeys.userId)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let label = Column(CodingKeys.label)
        package static let csrfToken = Column(CodingKeys.csrfToken)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let expiresAt = Column(CodingKeys.expiresAt)
        package static let usedAt = Column(CodingKeys.usedAt)
        package static let id = Column(CodingKeys.id)
        package static let lastUsedAt = Column(CodingKeys.lastUsedAt)
    }
    /// What the token opens.
    package enum Kind: String, Codable, Sendable {
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

    package var tokenHash: String
    package var kind: Kind
    package var userId: String?
    package var sessionId: String?
    package var label: String?
    package var csrfToken: String?
    package var createdAt: Date
    package var expiresAt: Date?
    package var usedAt: Date?
    /// A random name for an agent's own credentials (listing, revoking); never the secret.
    package var id: String? = nil
    /// When an API token was last used, to the minute.
    package var lastUsedAt: Date? = nil

    /// Creates a credential row (only the token's hash is stored).
    package init(
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
