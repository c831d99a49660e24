import Foundation
import GRDB
import SignetModel

/// The webhooks admins registered and their deliveries: a durable queue like the outbox's,
/// claimed with a lease (a deliverer that dies mid-send leaves the delivery to be tried again
/// when the lease runs out), each attempt kept with its outcome. Sending is SignetSessions'
/// `WebhookDelivery`; deliveries are queued by `WebhookEvents.enqueue` with the change they
/// report.
package struct Webhooks: Sendable {
    let store: Store

    /// Creates the repository.
    package init(store: Store) { self.store = store }

    /// Registers a webhook for `events` (each one of `WebhookEvents.types`, at least one) with a
    /// new secret, answered in the record this once.
    package func create(url: String, events: [String], by admin: String, now: Date) async throws -> WebhookRecord {
        let hook = WebhookRecord(
            id: UUID().uuidString.lowercased(), url: url, events: Array(Set(events)).sorted(), secret: "whsec_" + SecretToken.make(),
            createdAt: now, createdBy: admin)
        try await store.write { db in try hook.insert(db) }
        return hook
    }

    /// Every webhook, oldest first.
    package func list() async throws -> [WebhookRecord] {
        try await store.read { db in try WebhookRecord.order(WebhookRecord.Columns.createdAt).fetchAll(db) }
    }

    /// The webhook `id`, or nil.
    package func find(_ id: String) async throws -> WebhookRecord? {
        try await store.read { db in try WebhookRecord.fetchOne(db, key: id) }
    }

    /// Turns webhook `id` on or off; answers it, or nil when there is none. Deliveries of a
    /// disabled webhook still queued are not sent (`WebhookDelivery` ends them as failed).
    package func setEnabled(_ enabled: Bool, id: String) async throws -> WebhookRecord? {
        try await store.write { db in
            guard var hook = try WebhookRecord.fetchOne(db, key: id) else { return nil }
            hook.enabled = enabled
            try hook.update(db)
            return hook
        }
    }

    /// Removes webhook `id` with its deliveries and their attempts; false when there is none.
    package func delete(_ id: String) async throws -> Bool {
        try await store.write { db in try WebhookRecord.deleteOne(db, key: id) }
    }

    /// A delivery with its attempts, oldest attempt first.
    package struct DeliveryHistory: Sendable {
        package var delivery: WebhookDeliveryRecord
        package var attempts: [WebhookAttemptRecord]
    }

    /// The latest `limit` deliveries of webhook `id`, newest first.
    package func deliveries(of id: String, limit: Int) async throws -> [DeliveryHistory] {
        try await store.read { db in
            let deliveries = try WebhookDeliveryRecord.filter(WebhookDeliveryRecord.Columns.webhookId == id).order(
                WebhookDeliveryRecord.Columns.id.desc
            ).limit(limit).fetchAll(db)
            let attempts = try WebhookAttemptRecord.filter(deliveries.compactMap(\.id).contains(WebhookAttemptRecord.Columns.deliveryId))
                .order(WebhookAttemptRecord.Columns.id).fetchAll(db)
            let byDelivery = Dictionary(grouping: attempts, by: \.deliveryId)
            return deliveries.map { DeliveryHistory(delivery: $0, attempts: byDelivery[$0.id ?? 0] ?? []) }
        }
    }

    /// A delivery claimed for sending, with its webhook.
    package struct Claimed: Sendable {
        package var delivery: WebhookDeliveryRecord
        package var webhook: WebhookRecord
    }

    /// Claims up to `limit` deliveries due at `now` in one write, moving their next attempt
    /// `lease` seconds on so no other deliverer sends them meanwhile.
    package func claimDue(now: Date, lease: Double, limit: Int) async throws -> [Claimed] {
        try await store.write { db in
            let due = try WebhookDeliveryRecord.filter(
                WebhookDeliveryRecord.Columns.status == WebhookDeliveryRecord.Status.pending.rawValue
                    && WebhookDeliveryRecord.Columns.nextAttemptAt <= now
            ).order(WebhookDeliveryRecord.Columns.nextAttemptAt, WebhookDeliveryRecord.Columns.id).limit(limit).fetchAll(db)
            return try due.compactMap { row in
                var row = row
                row.nextAttemptAt = now.addingTimeInterval(lease)
                try row.update(db)
                return try WebhookRecord.fetchOne(db, key: row.webhookId).map { Claimed(delivery: row, webhook: $0) }
            }
        }
    }

    /// Keeps `attempt` (nil when none was made: the webhook was disabled) and the delivery as
    /// it stands after it (sent, failed for good, or pending with its next attempt), together.
    package func record(_ attempt: WebhookAttemptRecord?, delivery: WebhookDeliveryRecord) async throws {
        try await store.write { db in
            if var attempt {
                try attempt.insert(db)
            }
            try delivery.update(db)
        }
    }
}
