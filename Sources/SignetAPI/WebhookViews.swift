import Foundation
import SignetStore

/// A webhook as the API shows it: the secret only in the answer that made it.
package struct WebhookView: Encodable, Sendable {
    package var id: String
    package var url: String
    package var events: [String]
    package var enabled: Bool
    package var createdAt: Date
    package var secret: String?

    package init(_ hook: WebhookRecord, showingSecret: Bool = false) {
        id = hook.id
        url = hook.url
        events = hook.events
        enabled = hook.enabled
        createdAt = hook.createdAt
        secret = showingSecret ? hook.secret : nil
    }
}

/// A delivery with each attempt (when, how long, the response code or the error).
package struct DeliveryView: Encodable, Sendable {
    package var id: Int64
    package var event: String
    package var type: String
    package var status: String
    package var createdAt: Date
    package var nextAttemptAt: Date?
    package var finishedAt: Date?
    package var attempts: [Attempt]

    package struct Attempt: Encodable, Sendable {
        package var at: Date
        package var milliseconds: Int
        package var responseCode: Int?
        package var error: String?
        package var excerpt: String?
    }

    package init(_ history: Webhooks.DeliveryHistory) {
        let d = history.delivery
        id = d.id ?? 0
        event = d.eventId
        type = d.type
        status = d.status.rawValue
        createdAt = d.createdAt
        // Only a delivery still waiting has a next attempt worth showing.
        nextAttemptAt = d.status == .pending ? d.nextAttemptAt : nil
        finishedAt = d.finishedAt
        attempts = history.attempts.map {
            Attempt(at: $0.at, milliseconds: $0.milliseconds, responseCode: $0.responseCode, error: $0.error, excerpt: $0.excerpt)
        }
    }
}

/// `POST /webhooks`: the receiver and the event types it wants.
package struct NewWebhook: Decodable, Sendable {
    package var url: String?
    package var events: [String]?
}

/// `PATCH /webhooks/{hid}`: on or off.
package struct WebhookChange: Decodable, Sendable {
    package var enabled: Bool?
}
