import Foundation
import GRDB

/// invited or active → completed: the named transition a session takes when its customer has
/// nothing left to do. Every top-level interaction (a batch or workflow counts as one, its
/// status following its steps) is completed or declined, and there is at least one. Run in
/// the transaction of the change that finished the last one, so no reader ever sees the last
/// interaction done and the session still open.
///
/// Anything else is not done: a document `awaitingCountersign` still waits for the agent, a
/// failed payment may be retried, a pending step has not reached the customer. A completed
/// session is final, like a completed envelope in DocuSign or a completed submission in
/// DocuSeal: nothing more is sent into it (`Interactions.add` answers 409); the agent starts a
/// new session for anything further, so the customer's record of what they finished never
/// changes under them.
enum SessionCompletion {
    /// Completes session `id` if it is done (state, `completedAt`, no more reminders and a
    /// `completed` event with the count of completed and declined interactions); answers
    /// whether it did.
    @discardableResult
    static func completeIfDone(_ db: Database, session id: String, by actor: Actor, now: Date) throws -> Bool {
        guard let found = try SessionRecord.fetchOne(db, key: id) else { return false }
        let session = Sessions.current(found, now: now)
        guard session.state == .invited || session.state == .active else { return false }
        let top = try InteractionRecord.filter(InteractionRecord.Columns.sessionId == id && InteractionRecord.Columns.parentId == nil)
            .fetchAll(db)
        guard !top.isEmpty, top.allSatisfy({ $0.status.isFinal }) else { return false }
        var completed = session
        completed.state = .completed
        completed.completedAt = now
        completed.nextReminderAt = nil
        try completed.update(db)
        // The event names no interaction: that is what tells it from an interaction's own
        // `completed` event (a document finished) in the record and to webhook consumers.
        let declined = top.filter { $0.status == .declined }.count
        try EventLog.append(
            db, session: id, kind: "completed", actor: actor,
            detail: ["completedInteractions": String(top.count - declined), "declinedInteractions": String(declined)], now: now)
        return true
    }
}
