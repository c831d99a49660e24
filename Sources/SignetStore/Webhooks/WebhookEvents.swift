import Foundation
import GRDB

/// The event types webhooks subscribe to, and how the record's events become them. Every
/// event of the record passes through `EventLog.append`, which asks `type(kind:detail:)` and
/// queues a delivery for each enabled webhook that wants the type, in the transaction of the
/// change: nothing is lost, and nothing is sent for a change that rolled back.
package enum WebhookEvents {
    /// Every type a webhook may subscribe to.
    package static let types: [String] = [
        "session.invited", "session.completed", "session.expired", "session.cancelled", "interaction.sent", "interaction.opened",
        "interaction.completed", "interaction.declined", "batchJob.done",
    ]

    /// The record's event kinds that finish an interaction (its detail then says `completed`);
    /// later notes on a finished interaction (a download, its certificate) are not among them.
    static let completing: Set<String> = ["completed", "paid", "reviewClosed", "interactionStatus"]

    /// The webhook type of a record event, or nil when webhooks do not hear of it. Interaction
    /// events carry the interaction's id and new status in their detail (`Interactions.detail`);
    /// session events do not.
    static func type(kind: String, detail: [String: String]) -> String? {
        guard detail["interaction"] != nil else {
            switch kind {
            case "invited": return "session.invited"
            case "completed": return "session.completed"
            case "expired": return "session.expired"
            case "cancelled": return "session.cancelled"
            default: return nil
            }
        }
        switch (kind, detail["status"]) {
        case ("interactionSent", _): return "interaction.sent"
        case ("interactionOpened", _): return "interaction.opened"
        case (_, "completed") where completing.contains(kind): return "interaction.completed"
        case ("declined", _), ("interactionStatus", "declined"): return "interaction.declined"
        default: return nil
        }
    }

    /// What a record event tells a receiver: ids and states only, never a customer's words,
    /// document contents or secrets.
    static func data(session: SessionRecord?, sessionId: String, detail: [String: String]) -> [String: Any] {
        var data: [String: Any] = ["session": sessionId]
        if let session { data["sessionState"] = session.state.rawValue }
        for key in ["interaction", "kind", "status", "parent", "channel"] { if let value = detail[key] { data[key] = value } }
        return data
    }

    /// Queues event `type` for every enabled webhook that wants it, in the caller's transaction,
    /// all under the same event id; `data` is asked only when one does (most events have none).
    static func enqueue(_ db: Database, type: String, now: Date, data: () throws -> [String: Any]) throws {
        let hooks = try WebhookRecord.filter(WebhookRecord.Columns.enabled == true).order(WebhookRecord.Columns.createdAt).fetchAll(db)
        for var delivery in try deliveries(to: hooks, type: type, now: now, data: data) { try delivery.insert(db) }
    }

    /// The deliveries of event `type` to those of `hooks` that want it, all under one event id
    /// and one body; `data` is asked only when one does.
    static func deliveries(to hooks: [WebhookRecord], type: String, now: Date, data: () throws -> [String: Any]) throws
        -> [WebhookDeliveryRecord]
    {
        let hooks = hooks.filter { $0.events.contains(type) }
        guard !hooks.isEmpty else { return [] }
        let eventId = "evt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let body: [String: Any] = ["id": eventId, "type": type, "createdAt": formatter.string(from: now), "data": try data()]
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        return hooks.map { hook in
            WebhookDeliveryRecord(
                webhookId: hook.id, eventId: eventId, type: type, body: json, status: .pending, attempts: 0, nextAttemptAt: now,
                createdAt: now)
        }
    }
}
