import Foundation
import GRDB

/// A message waiting for, or done with, delivery.
public struct OutboxRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "outbox"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let channel = Column(CodingKeys.channel)
        public static let recipient = Column(CodingKeys.recipient)
        public static let subject = Column(CodingKeys.subject)
        public static let body = Column(CodingKeys.body)
        public static let link = Column(CodingKeys.link)
        public static let status = Column(CodingKeys.status)
        public static let attempts = Column(CodingKeys.attempts)
        public static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        public static let lastError = Column(CodingKeys.lastError)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let sentAt = Column(CodingKeys.sentAt)
        public static let code = Column(CodingKeys.code)
        public static let reminder = Column(CodingKeys.reminder)
    }
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
    /// A one-time code the message carries (so a transport may show it on its own); nil for
    /// other messages, and blanked to "" once the message is finished, so the code is kept in
    /// the clear only while it waits for delivery.
    public var code: String?
    /// Whether the message is a reminder (`SessionReminders`), not an invitation.
    public var reminder: Bool = false

    /// Creates a message.
    public init(
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

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
