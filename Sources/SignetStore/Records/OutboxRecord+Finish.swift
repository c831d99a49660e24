import Foundation

extension OutboxRecord {
    /// What a finished message means for its session, decided once for every backend.
    package enum SessionEffect: Equatable, Sendable {
        /// Nothing to record (a code or a reminder that was delivered).
        case none
        /// A code or a reminder that failed: an event in the record; the session's delivery,
        /// which speaks for the invitation, stays.
        case note(kind: String, detail: [String: String])
        /// An invitation: when it is the session's latest (`speaksForSession`), the session's
        /// delivery becomes `delivery` and `kind` is recorded. An older one finishing late must
        /// not overwrite the state of a re-engaged session.
        case invitation(delivery: SessionRecord.Delivery, kind: String, detail: [String: String])
    }

    /// The message as finished with `status` at `now`, and what that means for its session. A
    /// one-time code is kept in the clear only until it is handed over (or given up on).
    package func finished(_ status: Status, error: String?, now: Date) -> (message: OutboxRecord, effect: SessionEffect) {
        var message = self
        message.status = status
        message.lastError = error
        message.sentAt = status == .sent ? now : nil
        if let code, !code.isEmpty {
            message.body = message.body.replacingOccurrences(of: code, with: "······")
            message.code = ""
        }
        let reason = ["reason": error ?? ""]
        if code != nil || reminder {
            guard status == .failed else { return (message, .none) }
            return (message, .note(kind: code != nil ? "codeDeliveryFailed" : "reminderDeliveryFailed", detail: reason))
        }
        let delivered = status == .sent
        return (
            message,
            .invitation(
                delivery: delivered ? .sent : .failed, kind: delivered ? "delivered" : "deliveryFailed",
                detail: ["channel": channel.rawValue, "reason": error ?? ""].filter { !$0.value.isEmpty })
        )
    }

    /// Whether this message is the latest invitation of its session, given that latest's id.
    package func speaksForSession(latestInvitation: Int64?) -> Bool { latestInvitation != nil && latestInvitation == id }
}
