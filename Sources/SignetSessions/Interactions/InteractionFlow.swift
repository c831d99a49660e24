import Foundation
import SignetStore

/// How interactions move on by themselves: nothing reaches the customer before the
/// invitation; then every top-level interaction is sent, and a group sends its steps one at a
/// time, each when the previous one is completed. A group's own bubble follows its steps.
/// Pure: every session-aggregate change settles it (`SessionChange.settle`), which applies
/// its moves and records their events in the same transaction.
package enum InteractionFlow {
    /// The moves the flow makes in `session` now, in order: `release`s (`interactionSent`) and
    /// groups following their steps (`interactionStatus`).
    @Sendable package static func settle(_ session: SessionRecord, _ all: [InteractionRecord], now: Date) -> [FlowMove] {
        guard session.state == .invited || session.state == .active else { return [] }
        let steps = Dictionary(grouping: all.filter { $0.parentId != nil }, by: { $0.parentId! })
        var moves: [FlowMove] = []
        for var record in all where record.parentId == nil {
            if record.kind.isGroup {
                var children = steps[record.id] ?? []
                if let next = children.firstIndex(where: { $0.status != .completed }), children[next].status == .pending {
                    moves.append(release(&children[next], now: now))
                }
                let status = groupStatus(children)
                if status != record.status {
                    record.status = status
                    record.updatedAt = now
                    if status == .completed { record.completedAt = now }
                    moves.append(FlowMove(record, event: "interactionStatus"))
                }
            } else if record.status == .pending {
                moves.append(release(&record, now: now))
            }
        }
        return moves
    }

    /// pending → sent: the interaction reaches the customer.
    static func release(_ record: inout InteractionRecord, now: Date) -> FlowMove {
        record.status = .sent
        record.updatedAt = now
        return FlowMove(record, event: "interactionSent")
    }

    /// A group is declined or failed as soon as a step is; completed when every step is; in
    /// progress once the customer has done anything; otherwise as its first step.
    static func groupStatus(_ steps: [InteractionRecord]) -> InteractionRecord.Status {
        if steps.isEmpty { return .completed }
        if steps.contains(where: { $0.status == .declined }) { return .declined }
        if steps.contains(where: { $0.status == .failed }) { return .failed }
        if steps.allSatisfy({ $0.status == .completed }) { return .completed }
        if steps.contains(where: { [.opened, .inProgress, .awaitingCountersign, .completed].contains($0.status) }) {
            return steps.contains { [.completed, .inProgress, .awaitingCountersign].contains($0.status) } ? .inProgress : .opened
        }
        return steps.contains { $0.status == .sent } ? .sent : .pending
    }
}

/// One move of the flow: `record` as the flow changed it, recorded with `event`.
package struct FlowMove: Sendable {
    package var record: InteractionRecord
    package var event: String

    init(_ record: InteractionRecord, event: String) {
        self.record = record
        self.event = event
    }
}

extension SessionChange {
    /// Lets the flow move the interactions on after a change, each move recorded as its event.
    mutating func settle(by actor: Actor, now: Date) {
        for move in InteractionFlow.settle(session, interactions, now: now) {
            update(move.record)
            record(move.event, by: actor, detail: SessionInteractions.detail(move.record, [:]), now: now)
        }
        // The change that finishes the last interaction completes the session with it.
        completeIfDone(now: now)
    }

    /// invited or active → completed: the named transition a session takes when its customer
    /// has nothing left to do. Every top-level interaction (a batch or workflow counts as one,
    /// its status following its steps) is completed or declined, and there is at least one.
    /// Part of the change that finished the last one, so no reader ever sees the last
    /// interaction done and the session still open.
    ///
    /// Anything else is not done: a document `awaitingCountersign` still waits for the agent,
    /// a failed payment may be retried, a pending step has not reached the customer. A
    /// completed session is final: nothing more is sent into it (`SessionInteractions.add`
    /// answers 409); the agent starts a new session for anything further, so the customer's
    /// record of what they finished never changes under them.
    mutating func completeIfDone(now: Date) {
        guard [.invited, .active].contains(Sessions.current(session, now: now).state) else { return }
        let top = interactions.filter { $0.parentId == nil }
        guard !top.isEmpty, top.allSatisfy({ $0.status.isFinal }) else { return }
        session.state = .completed
        session.completedAt = now
        session.nextReminderAt = nil
        // The event names no interaction: that is what tells it from an interaction's own
        // `completed` event (a document finished) in the record and to webhook consumers.
        let declined = top.filter { $0.status == .declined }.count
        record(
            "completed", by: .system,
            detail: ["completedInteractions": String(top.count - declined), "declinedInteractions": String(declined)], now: now)
    }
}
