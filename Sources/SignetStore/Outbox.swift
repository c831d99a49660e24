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
        var message = message
        message.status = status
        message.lastError = error
        message.sentAt = status == .sent ? now : nil
        // A one-time code is kept in the clear only until it is handed over (or given up on).
        let code = message.code
        if let code, !code.isEmpty {
            message.body = message.body.replacingOccurrences(of: code, with: "······")
            message.code = ""
        }
        try await store.write { [message] db in
            try message.update(db)
            guard var session = try SessionRecord.fetchOne(db, key: message.sessionId) else { return }
            // A code message is not an invitation: its failure is noted, the session's delivery stays.
            if code != nil {
                guard status == .failed else { return }
                try EventLog.append(
                    db, session: session.id, kind: "codeDeliveryFailed", actor: .system, detail: ["reason": error ?? ""], now: now)
                return
            }
            // Nor is a reminder: the invitation's delivery stays what the session shows.
            if message.reminder {
                guard status == .failed else { return }
                try EventLog.append(
                    db, session: session.id, kind: "reminderDeliveryFailed", actor: .system, detail: ["reason": error ?? ""], now: now)
                return
            }
            // Only the latest invitation speaks for the session: an older message finishing late
            // must not overwrite the state of a re-engaged one.
            let latest = try OutboxRecord.filter(
                OutboxRecord.Columns.sessionId == session.id && OutboxRecord.Columns.code == nil && OutboxRecord.Columns.reminder == false
            ).order(
                OutboxRecord.Columns.id.desc
            ).fetchOne(db)
            guard latest?.id == message.id else { return }
            session.delivery = status == .sent ? .sent : .failed
            session.deliveryError = error
            try session.update(db)
            try EventLog.append(
                db, session: session.id, kind: status == .sent ? "delivered" : "deliveryFailed", actor: .system,
                detail: ["channel": message.channel.rawValue, "reason": error ?? ""].filter { !$0.value.isEmpty }, now: now)
        }
    }
}
