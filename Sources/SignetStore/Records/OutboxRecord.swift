import Foundation
import GRDB

/// A message waiting for, or done with, delivery.
package struct OutboxRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "outbox"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let channel = Column(CodingKeys.channel)
        package static let recipient = Column(CodingKeys.recipient)
        package static let subject = Column(CodingKeys.subject)
        package static let body = Column(CodingKeys.body)
        package static let link = Column(CodingKeys.link)
        package static let status = Column(CodingKeys.status)
        package static let attempts = Column(CodingKeys.attempts)
        package static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        package static let lastError = Column(CodingKeys.lastError)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let sentAt = Column(CodingKeys.sentAt)
        package static let code = Column(CodingKeys.code)
        package static let reminder = Column(CodingKeys.reminder)
    }
    /// Delivery status.
    package enum Status: String, Codable, Sendable { case pending, sent, failed }

    package var id: Int64?
    package var sessionId: String
    package var channel: SessionRecord.Channel
    package var recipient: String
    package var subject: String
    package var body: String
    package var link: String
    package var status: Status
    package var attempts: Int
    package var nextAttemptAt: Date
    package var lastError: String?
    package var createdAt: Date
    package var sentAt: Date?
    /// A one-time code the message carries (so a transport may show it on its own); nil for
    /// other messages, and blanked to "" once the message is finished, so the code is kept in
    /// the clear only while it waits for delivery.
    package var code: String?
    /// Whether the message is a reminder (`SessionReminders`), not an invitation.
    package var reminder: Bool = false

    /// Creates a message.
    package init(
        id: Int64? = nil, sessionId: String, channel: SessionRecord.Channel, recipient: String, subject: String, body: String,
        link: String, status: Status = .pending, attempts: Int = 0, nextAttemptAt: Date, lastError: String? = nil, createdAt: Date,
        sentAt: Date? = nil, code: String? = nil, reminder: Bool = false
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
        self.code = code
        self.reminder = reminder
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
