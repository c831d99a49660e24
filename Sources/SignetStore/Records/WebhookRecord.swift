import Foundation
import GRDB

/// A receiver an admin registered: the record events of the chosen types are POSTed to `url`,
/// signed with `secret` (HMAC-SHA256). The secret is shown once, when the webhook is made, and
/// never answered again.
package struct WebhookRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "webhook"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let enabled = Column(CodingKeys.enabled)
        package static let createdAt = Column(CodingKeys.createdAt)
    }

    package var id: String
    package var url: String
    /// Event types (`WebhookEvents.types`), stored as a JSON array.
    package var events: [String]
    package var secret: String
    package var enabled: Bool
    package var createdAt: Date
    /// The admin who registered it.
    package var createdBy: String

    /// Creates a webhook.
    package init(id: String, url: String, events: [String], secret: String, enabled: Bool = true, createdAt: Date, createdBy: String) {
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
package struct WebhookDeliveryRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "webhookDelivery"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let webhookId = Column(CodingKeys.webhookId)
        package static let status = Column(CodingKeys.status)
        package static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
    }

    /// Where the delivery stands.
    package enum Status: String, Codable, Sendable { case pending, sent, failed }

    package var id: Int64?
    package var webhookId: String
    package var eventId: String
    package var type: String
    /// The JSON body POSTed, `{"id", "type", "createdAt", "data"}`.
    package var body: String
    package var status: Status
    package var attempts: Int
    package var nextAttemptAt: Date
    package var createdAt: Date
    package var finishedAt: Date?

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One try at a delivery: when, how long, the receiver's status code or what went wrong, and
/// the first bytes of its answer (never more: a receiver's body is not ours to keep).
package struct WebhookAttemptRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "webhookAttempt"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let deliveryId = Column(CodingKeys.deliveryId)
    }

    package var id: Int64?
    package var deliveryId: Int64
    package var at: Date
    package var milliseconds: Int
    package var responseCode: Int?
    package var error: String?
    package var excerpt: String?

    /// Creates an attempt's record.
    package init(deliveryId: Int64, at: Date, milliseconds: Int, responseCode: Int?, error: String?, excerpt: String?) {
        self.deliveryId = deliveryId
        self.at = at
        self.milliseconds = milliseconds
        self.responseCode = responseCode
        self.error = error
        self.excerpt = excerpt
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
