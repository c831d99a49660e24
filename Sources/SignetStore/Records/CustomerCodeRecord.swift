import Foundation
import GRDB

/// A one-time code sent to a session's customer: only its HMAC (under a random key of its
/// own) is stored, with how often it was guessed wrong and when it stopped counting.
package struct CustomerCodeRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "customerCode"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let resend = Column(CodingKeys.resend)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let expiresAt = Column(CodingKeys.expiresAt)
        package static let closedAt = Column(CodingKeys.closedAt)
    }

    package var id: Int64?
    package var sessionId: String
    /// Base64 of the random HMAC key.
    package var salt: String
    /// Base64 of HMAC-SHA256(salt, code).
    package var mac: String
    /// Asked for by the customer (counted against the resend limit), not sent on a first visit.
    package var resend: Bool
    package var createdAt: Date
    package var expiresAt: Date
    package var failures: Int
    /// Set once the code was used, voided by wrong tries, found expired or replaced.
    package var closedAt: Date?

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A customer cookie that has been confirmed with a one-time code. The code proves the
/// browser, not the link: a forwarded link opened elsewhere gets a cookie without this row.
package struct VerifiedCustomerRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "verifiedCustomer"

    /// The SHA-256 of the customer cookie (the `credential` row's key).
    package var tokenHash: String
    package var sessionId: String
    package var verifiedAt: Date
}
