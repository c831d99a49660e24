import Foundation
import GRDB

/// A one-time code sent to a session's customer: only its HMAC (under a random key of its
/// own) is stored, with how often it was guessed wrong and when it stopped counting.
public struct CustomerCodeRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "customerCode"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let resend = Column(CodingKeys.resend)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let expiresAt = Column(CodingKeys.expiresAt)
        public static let closedAt = Column(CodingKeys.closedAt)
    }

    public var id: Int64?
    public var sessionId: String
    /// Base64 of the random HMAC key.
    public var salt: String
    /// Base64 of HMAC-SHA256(salt, code).
    public var mac: String
    /// Asked for by the customer (counted against the resend limit), not sent on a first visit.
    public var resend: Bool
    public var createdAt: Date
    public var expiresAt: Date
    public var failures: Int
    /// Set once the code was used, voided by wrong tries, found expired or replaced.
    public var closedAt: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A customer cookie that has been confirmed with a one-time code. The code proves the
/// browser, not the link: a forwarded link opened elsewhere gets a cookie without this row.
public struct VerifiedCustomerRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "verifiedCustomer"

    /// The SHA-256 of the customer cookie (the `credential` row's key).
    public var tokenHash: String
    public var sessionId: String
    public var verifiedAt: Date
}
