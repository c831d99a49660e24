import Foundation
import SignetModel
import SignetStore

/// Reminders: a message to a customer who still has something to do, on the session's
/// channel through the outbox, each recorded as a `reminded` event. Sent on the session's
/// plan (`ReminderPlan`, kept in the session's row so it survives restarts) or by the agent.
/// Each is one session-aggregate change, like every other change to a session.
extension CustomerSessions {
    /// Why a reminder was not sent.
    package enum ReminderRefusal: Error, Equatable, Sendable {
        /// The session is not open (draft, completed, cancelled or expired).
        case closed(SessionRecord.State)
        /// Nothing released to the customer waits for them.
        case nothingPending
        /// The customer was reminded less than the spacing ago; `wait` seconds to go.
        case tooSoon(wait: Int)
    }

    /// Sends every scheduled reminder due at `now` (at most `limit`); answers how many went.
    /// Each session's reminder is claimed as the session is held: only if its count and due
    /// time are still those read, so two loops (tasks or processes) racing for the same
    /// reminder send it once. A session that became closed, or has nothing pending, is taken
    /// off the schedule or moved on by its interval without a message.
    @discardableResult
    package func sendDueReminders(now: Date = Date(), limit: Int = 100) async throws -> Int {
        let base = publicBaseURL
        var sent = 0
        for candidate in try await backend.dueReminders(now: now, limit: limit) {
            let went = try await backend.withSession(candidate.id) { change -> Bool in
                var session = change.session
                guard session.remindersSent == candidate.remindersSent, session.nextReminderAt == candidate.nextReminderAt else {
                    return false  // another loop got here first
                }
                guard [.invited, .active].contains(Sessions.current(session, now: now).state), let plan = session.reminders else {
                    session.nextReminderAt = nil
                    change.session = session
                    return false
                }
                guard change.waitsForCustomer else {
                    // Nothing to remind of now (an interaction may still be added): look again later.
                    session.nextReminderAt = now.addingTimeInterval(TimeInterval(plan.every))
                    change.session = session
                    return false
                }
                session.remindersSent += 1
                session.nextReminderAt = session.remindersSent < plan.max ? now.addingTimeInterval(TimeInterval(plan.every)) : nil
                change.session = session
                change.remind(
                    linkBase: base, by: .system, detail: ["by": "schedule", "count": String(session.remindersSent)], now: now)
                return true
            }.value
            if went { sent += 1 }
        }
        return sent
    }

    /// Sends a reminder now, by hand: refused when the session is closed, when nothing waits
    /// for the customer, or when they were reminded less than `spacing` seconds ago (a
    /// customer is not to be flooded by a nervous agent). The schedule stays as it was.
    package func remind(_ id: String, spacing: Double, by actor: Actor, now: Date = Date()) async throws -> SessionRecord {
        let base = publicBaseURL
        return try await backend.withSession(id) { change in
            _ = change.expireIfDue(now: now)
            let session = change.session
            guard session.state == .invited || session.state == .active else { throw ReminderRefusal.closed(session.state) }
            guard change.waitsForCustomer else { throw ReminderRefusal.nothingPending }
            if let last = session.lastRemindedAt ?? session.invitedAt, now.timeIntervalSince(last) < spacing {
                throw ReminderRefusal.tooSoon(wait: Int((spacing - now.timeIntervalSince(last)).rounded(.up)))
            }
            change.remind(linkBase: base, by: actor, detail: ["by": "agent"], now: now)
            return change.session
        }.value
    }
}

extension SessionChange {
    /// The statuses in which an interaction waits for the customer. Spelled out rather than
    /// "released and not final": a status that waits for someone else (a document
    /// `awaitingCountersign` waits for the agent) must not remind the customer.
    static let waitingForCustomer: Set<InteractionRecord.Status> = [.sent, .opened, .inProgress, .failed]

    /// Whether anything in the session waits for the customer.
    var waitsForCustomer: Bool { interactions.contains { Self.waitingForCustomer.contains($0.status) } }

    /// Queues the reminder message with a link of its own and records `reminded`.
    ///
    /// Links are stored only as hashes, so the one in the invitation cannot be sent again.
    /// The reminder carries a fresh link to the same session rather than "use the link you
    /// were sent": the customer being reminded is often the one who lost or never saw the
    /// invitation. The earlier link keeps working (a customer halfway through on it is not cut
    /// off); every link ends with the session (its expiry is the session's, and cancel, expiry
    /// and completion close them all), and re-engaging removes them all, so minting one adds
    /// no lasting way in. The message is marked a reminder, so its delivery never stands for
    /// the invitation's (`Outbox.finish`).
    mutating func remind(linkBase: String, by actor: Actor, detail: [String: String], now: Date) {
        let token = SecretToken.make()
        issue(
            CredentialRecord(
                tokenHash: SecretToken.hash(token), kind: .customerLink, userId: nil, sessionId: session.id, label: nil, csrfToken: nil,
                createdAt: now, expiresAt: session.expiresAt, usedAt: nil))
        let link = "\(linkBase)/s/\(token)"
        let recipient = (session.channel == .sms ? session.phone : session.email) ?? ""
        queue(
            OutboxRecord(
                sessionId: session.id, channel: session.channel, recipient: recipient, subject: "Reminder: your documents are waiting",
                body:
                    "Hello \(session.customerName), a reminder: you still have documents to review and sign. Open this link to continue: \(link)",
                link: link, status: .pending, attempts: 0, nextAttemptAt: now, lastError: nil, createdAt: now, sentAt: nil, reminder: true))
        session.lastRemindedAt = now
        var detail = detail
        detail["channel"] = session.channel.rawValue
        record("reminded", by: actor, detail: detail, now: now)
    }
}
