import Foundation
import SignetModel
import SignetStore

/// The agent's changes to a session's lifetime, each a named transition: one store transaction
/// that checks the session's state, changes it and records its event (`CustomerSessions.change`).
package struct SessionTransitions: Sendable {
    let sessions: CustomerSessions

    package init(sessions: CustomerSessions) { self.sessions = sessions }

    /// invited, active or expired → invited or active again, for its lifetime from now
    /// (`renewed`): its link and cookies work again.
    package func renew(_ id: String, by actor: Actor, now: Date = Date()) async throws -> SessionRecord {
        try await sessions.change(id, event: "renewed", by: actor, now: now) { session in
            guard [.invited, .active, .expired].contains(session.state) else {
                throw SignetError(.conflict, "a \(session.state.rawValue) session cannot be renewed")
            }
            session.expiresAt = now.addingTimeInterval(TimeInterval(session.lifetimeSeconds))
            session.state = session.firstVisitAt == nil ? .invited : .active
        }
    }

    /// Anything but completed or cancelled → cancelled (`cancelled`). Its links and cookies stay
    /// on record and are answered 410 from now on, so the customer learns the session was
    /// closed rather than that the link is wrong.
    package func cancel(_ id: String, by actor: Actor, now: Date = Date()) async throws -> SessionRecord {
        try await sessions.change(id, event: "cancelled", by: actor, now: now) { session in
            guard session.state != .completed && session.state != .cancelled else {
                throw SignetError(.conflict, "the session is already \(session.state.rawValue)")
            }
            session.state = .cancelled
        }
    }
}
