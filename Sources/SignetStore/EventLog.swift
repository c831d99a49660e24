import Foundation
import GRDB

/// The session record: every event with time, actor, IP address and user agent, each row
/// chained to the one before it by its hash (see `EventChain`).
package struct EventLog: Sendable {
    let store: Store

    /// Creates the event log.
    package init(store: Store) { self.store = store }

    /// Appends an event inside the caller's transaction, so the change and its record commit
    /// together or not at all; the row is linked to the chain's head in the same transaction,
    /// and the webhooks that want the event get a delivery queued in it too.
    @discardableResult
    static func append(
        _ db: Database, session: String, kind: String, actor: Actor, detail: [String: String] = [:], now: Date
    ) throws -> EventRecord {
        let json = detail.isEmpty ? nil : String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        let previous = try EventChain.head(db)?.hash ?? EventChain.genesis
        var event = EventRecord(
            sessionId: session, at: now, kind: kind, actor: actor.name, ip: actor.ip, userAgent: actor.userAgent, detail: json)
        try event.insert(db)
        event.prevHash = previous
        event.hash = try EventChain.link(db, id: event.id!, prevHash: previous)
        if let type = WebhookEvents.type(kind: kind, detail: detail) {
            try WebhookEvents.enqueue(db, type: type, now: now) {
                try WebhookEvents.data(session: SessionRecord.fetchOne(db, key: session), sessionId: session, detail: detail)
            }
        }
        return event
    }

    /// Appends an event on its own; answers the row as written.
    @discardableResult
    package func append(session: String, kind: String, actor: Actor, detail: [String: String] = [:], now: Date = Date()) async throws
        -> EventRecord
    {
        try await store.write { db in try Self.append(db, session: session, kind: kind, actor: actor, detail: detail, now: now) }
    }

    /// Signalled after each committed write of this store.
    package var changes: ChangeSignal { store.changes }

    /// The events of a session, oldest first, after event `after` (for streams that resume).
    package func events(session: String, after: Int64 = 0) async throws -> [EventRecord] {
        try await store.read { db in
            try EventRecord.filter(EventRecord.Columns.sessionId == session && EventRecord.Columns.id > after).order(EventRecord.Columns.id)
                .fetchAll(db)
        }
    }
}
