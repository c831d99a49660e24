import Foundation
import GRDB

/// An agent or admin account.
public struct UserRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"
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

/// A stored secret, by the SHA-256 of its token.
public struct CredentialRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "credential"
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
}

/// A customer session.
public struct SessionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "session"
    /// Lifecycle: draft (pre-planned) → invited → active → completed, or expired / cancelled.
    public enum State: String, Codable, Sendable, CaseIterable { case draft, invited, active, completed, expired, cancelled }
    /// How the invitation travels.
    public enum Channel: String, Codable, Sendable, CaseIterable { case sms, email }
    /// Where the latest invitation is.
    public enum Delivery: String, Codable, Sendable { case none, queued, sent, failed }

    public var id: String
    public var agentId: String
    public var customerName: String
    public var phone: String?
    public var email: String?
    public var channel: Channel
    public var state: State
    public var delivery: Delivery
    public var deliveryError: String?
    /// How long the session lasts from its invitation (renewing counts from the renewal).
    public var lifetimeSeconds: Int
    public var createdAt: Date
    public var invitedAt: Date?
    public var firstVisitAt: Date?
    public var lastSeenAt: Date?
    public var expiresAt: Date?
}

/// A message waiting for, or done with, delivery.
public struct OutboxRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "outbox"
    /// Delivery status.
    public enum Status: String, Codable, Sendable { case pending, sent, failed }

    public var id: Int64?
    public var sessionId: String
    public var channel: SessionRecord.Channel
    public var recipient: String
    public var subject: String
    public var body: String
    public var link: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?

    /// Creates a message.
    public init(
        id: Int64? = nil, sessionId: String, channel: SessionRecord.Channel, recipient: String, subject: String, body: String,
        link: String, status: Status = .pending, attempts: Int = 0, nextAttemptAt: Date, lastError: String? = nil, createdAt: Date,
        sentAt: Date? = nil
    ) {
        self.id = id
        self.sessionId = sessionId
        self.channel = channel
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.link = link
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One entry of a session's record.
public struct EventRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"

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

/// An entry of an agent's address book.
public struct ContactRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contact"

    public var id: Int64?
    public var agentId: String
    public var name: String
    public var phone: String?
    public var email: String?
    public var updatedAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
