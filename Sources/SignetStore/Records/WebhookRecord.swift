import Foundation
import GRDB

/// A receiver an admin registered: the record events of the chosen types are POSTed to `url`,
/// signed with `secret` (HMAC-SHA256). The secret is shown once, when the webhook is made, and
/// never answered again.
public struct WebhookRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "webhook"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let enabled = Column(CodingKeys.enabled)
        public static let createdAt = Column(CodingKeys.createdAt)
    }

    public var id: String
    public var url: String
    /// Event types (`WebhookEvents.types`), stored as a JSON array.
    public var events: [String]
    public var secret: String
    public var enabled: Bool
    public var createdAt: Date
    /// The admin who registered it.
    public var createdBy: String

    /// Creates a webhook.
    public init(id: String, url: String, events: [String], secret: String, enabled: Bool = true, createdAt: Date, createdBy: String) {
        self.id = id
        self.url = url
        self.events = events
        self.secret = secret
        self.enabled = enabled
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// One event on its way to one webhook: the body is fixed when the event happens, so every
/// attempt sends the same event id and the same bytes (only the signature's time changes).
public struct WebhookDeliveryRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "webhookDelivery"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let webhookId = Column(CodingKeys.webhookId)
        public static let status = Column(CodingKeys.status)
        public static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
    }

    /// Where the delivery stands.
    public enum Status: String, Codable, Sendable { case pending, sent, failed }

    public var id: Int64?
    public var webhookId: String
    public var eventId: String
    public var type: String
    /// The JSON body POSTed, `{"id", "type", "createdAt", "data"}`.
    public var body: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var createdAt: Date
    public var finishedAt: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One try at a delivery: when, how long, the receiver's status code or what went wrong, and
/// the first bytes of its answer (never more: a receiver's body is not ours to keep).
public struct WebhookAttemptRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "webhookAttempt"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let deliveryId = Column(CodingKeys.deliveryId)
    }

    public var id: Int64?
    public var deliveryId: Int64
    public var at: Date
    public var milliseconds: Int
    public var responseCode: Int?
    public var error: String?
    public var excerpt: String?

    /// Creates an attempt's record.
    public init(deliveryId: Int64, at: Date, milliseconds: Int, responseCode: Int?, error: String?, excerpt: String?) {
        self.deliveryId = deliveryId
        self.at = at
        self.milliseconds = milliseconds
        self.responseCode = responseCode
        self.error = error
        self.excerpt = excerpt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
