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
    }
}
