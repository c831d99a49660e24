import Foundation
import GRDB
import SignetModel

/// Reminders: a message to a customer who still has something to do, on the session's
/// channel through the outbox, each recorded as a `reminded` event. Sent on the session's
/// plan (`ReminderPlan`, kept in the session's row so it survives restarts) or by the agent.
extension Sessions {
    /// Why a reminder was not sent.
    public enum ReminderRefusal: Error, Equatable, Sendable {
        /// The session is not open (draft, completed, cancelled or expired).
        case closed(SessionRecord.State)
        /// Nothing released to the customer waits for them.
        case nothingPending
        /// The customer was reminded less than the spacing ago; `wait` seconds to go.
        case tooSoon(wait: Int)
    }

    /// The statuses in which an interaction waits for the customer. Spelled out rather than
    /// "released and not final": a status that waits for someone else (a document
    /// `awaitingCountersign` waits for the agent) must not remind the customer.
    static let waitingForCustomer: [InteractionRecord.Status] = [.sent, .opened, .inProgress, .failed]

    /// Sends every scheduled reminder due at `now` (at most `limit`); answers how many went.
    /// Each session's reminder is claimed by a conditional update on its count, in the same
    /// transaction as its message and event: two loops (tasks or processes) racing for the
    /// same reminder send it once. A session that became closed, or has nothing pending, is
    /// taken off the schedule or moved on by its interval without a message.
    @discardableResult
    public func sendDueReminders(now: Date = Date(), limit: Int = 100) async throws -> Int {
        let due = try await store.read { db in
            try SessionRecord.filter(SessionRecord.Columns.nextReminderAt != nil && SessionRecord.Columns.nextReminderAt <= now)
                .order(SessionRecord.Columns.nextReminderAt).limit(limit).fetchAll(db)
        }
        var sent = 0
        for candidate in due {
            let went = try await store.write { db -> Bool in
                guard var session = try SessionRecord.fetchOne(db, key: candidate.id),
                    session.remindersSent == candidate.remindersSent, session.nextReminderAt == candidate.nextReminderAt
                else { return false }  // another loop got here first
                let current = Self.current(session, now: now)
                guard current.state == .invited || current.state == .active, let plan = session.reminders else {
                    session.nextReminderAt = nil
                    try session.update(db)
                    return false
                }
                guard try Self.pendingCount(db, session: session.id) > 0 else {
                    // Nothing to remind of now (an interaction may still be added): look again later.
                    session.nextReminderAt = now.addingTimeInterval(TimeInterval(plan.every))
                    try session.update(db)
                    return false
                }
                session.remindersSent += 1
                session.nextReminderAt = session.remindersSent < plan.max ? now.addingTimeInterval(TimeInterval(plan.every)) : nil
                try queueReminder(db, &session, by: .system, detail: ["by": "schedule", "count": String(session.remindersSent)], now: now)
                return true
            }
            if went { sent += 1 }
        }
        return sent
    }

    /// Sends a reminder now, by hand: refused when the session is closed, when nothing waits
    /// for the customer, or when they were reminded less than `spacing` seconds ago (a
    /// customer is not to be flooded by a nervous agent). The schedule stays as it was.
    public func remind(_ id: String, spacing: Double, by actor: Actor, now: Date = Date()) async throws -> SessionRecord {
        try await store.write { db in
            var session = try Self.expireIfDue(db, Self.fetch(db, id), now: now)
            guard session.state == .invited || session.state == .active else { throw ReminderRefusal.closed(session.state) }
            guard try Self.pendingCount(db, session: id) > 0 else { throw ReminderRefusal.nothingPending }
            if let last = session.lastRemindedAt ?? session.invitedAt, now.timeIntervalSince(last) < spacing {
                throw ReminderRefusal.tooSoon(wait: Int((spacing - now.timeIntervalSince(last)).rounded(.up)))
            }
            try queueReminder(db, &session, by: actor, detail: ["by": "agent"], now: now)
            return session
        }
    }

    static func pendingCount(_ db: Database, session: String) throws -> Int {
        try InteractionRecord.filter(
            InteractionRecord.Columns.sessionId == session && waitingForCustomer.map(\.rawValue).contains(InteractionRecord.Columns.status)
        ).fetchCount(db)
    }

    /// Queues the reminder message with a link of its own and records `reminded`.
    ///
    /// Links are stored only as hashes, so the one in the invitation cannot be sent again.
    /// The reminder carries a fresh link to the same session rather than "use the link you
    /// were sent": the customer being reminded is often the one who lost or never saw the
    /// invitation (as DocuSign's and DocuSeal's reminders carry a working link). The earlier
    /// link keeps working (a customer halfway through on it is not cut off); every link ends
    /// with the session (its expiry is the session's, and cancel, expiry and completion close
    /// them all), and re-engaging removes them all, so minting one adds no lasting way in.
    private func queueReminder(_ db: Database, _ session: inout SessionRecord, by actor: Actor, detail: [String: String], now: Date)
        throws
    {
        let link = try issueLink(db, session: session.id, token: SecretToken.make(), expiresAt: session.expiresAt, now: now)
        let recipient = (session.channel == .sms ? session.phone : session.email) ?? ""
        var message = OutboxRecord(
            sessionId: session.id, channel: session.channel, recipient: recipient, subject: "Reminder: your documents are waiting",
            body:
                "Hello \(session.customerName), a reminder: you still have documents to review and sign. Open this link to continue: \(link)",
            link: link, status: .pending, attempts: 0, nextAttemptAt: now, lastError: nil, createdAt: now, sentAt: nil)
        try message.insert(db)
        session.lastRemindedAt = now
        session.delivery = .queued
        session.deliveryError = nil
        try session.update(db)
        var detail = detail
        detail["channel"] = session.channel.rawValue
        try EventLog.append(db, session: session.id, kind: "reminded", actor: actor, detail: detail, now: now)
    }
}
