import Foundation
import GRDB
import SignetModel

/// The outbox's queue: messages are stored first (in the same transaction as the invitation),
/// claimed for delivery with a lease, rescheduled after a failed attempt and finished with their
/// outcome, which shows on the session (delivery sent or failed, with the reason) and in its
/// record. Sending them is SignetSessions' `OutboxDelivery`.
package struct Outbox: Sendable {
    let store: Store

    /// Creates the queue.
    package init(store: Store) { self.store = store }

    /// Claims up to `limit` messages due at `now` in one write: moving their next attempt
    /// `lease` seconds into the future keeps a second deliverer (another task, another
    /// process) from sending them too. If the claimer dies mid-send, the lease runs out and the
    /// message is tried again.
    package func claimDue(now: Date, lease: Double, limit: Int = 50) async throws -> [OutboxRecord] {
        try await store.write { db in
            let rows = try OutboxRecord.filter(
                OutboxRecord.Columns.status == OutboxRecord.Status.pending.rawValue && OutboxRecord.Columns.nextAttemptAt <= now
            )
            .order(OutboxRecord.Columns.id).limit(limit).fetchAll(db)
            for var row in rows {
                row.nextAttemptAt = now.addingTimeInterval(lease)
                try row.update(db)
            }
            return rows
        }
    }

    /// Keeps `message` for another attempt (its attempts, error and next attempt set by the caller).
    package func reschedule(_ message: OutboxRecord) async throws {
        try await store.write { db in try message.update(db) }
    }

    /// Records the outcome of `message`; the latest invitation of its session also sets the
    /// session's delivery state, with a `delivered` or `deliveryFailed` event.
    package func finish(_ message: OutboxRecord, status: OutboxRecord.Status, error: String?, now: Date) async throws {
        let (finished, effect) = message.finished(status, error: error, now: now)
        try await store.write { db in
            try finished.update(db)
            guard var session = try SessionRecord.fetchOne(db, key: finished.sessionId) else { return }
            switch effect {
            case .none:
                return
            case .note(let kind, let detail):
                try EventLog.append(db, session: session.id, kind: kind, actor: .system, detail: detail, now: now)
            case .invitation(let delivery, let kind, let detail):
                let latest = try OutboxRecord.filter(
                    OutboxRecord.Columns.sessionId == session.id && OutboxRecord.Columns.code == nil
                        && OutboxRecord.Columns.reminder == false
                ).order(OutboxRecord.Columns.id.desc).fetchOne(db)
                guard finished.speaksForSession(latestInvitation: latest?.id) else { return }
                session.delivery = delivery
                session.deliveryError = error
                try session.update(db)
                try EventLog.append(db, session: session.id, kind: kind, actor: .system, detail: detail, now: now)
            }
        }
    }

}
