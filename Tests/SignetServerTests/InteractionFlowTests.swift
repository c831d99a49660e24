import Foundation
import Testing

@testable import SignetSessions
@testable import SignetStore

/// The flow as the pure rule the store runs in every change's transaction.
@Suite("Interaction flow")
struct InteractionFlowTests {
    let now = Date()

    func session(_ state: SessionRecord.State) -> SessionRecord {
        SessionRecord(
            id: "s", agentId: "a", customerName: "Amara", phone: nil, email: "amara@example.com", channel: .email, state: state,
            delivery: .none, deliveryError: nil, lifetimeSeconds: 3600, createdAt: now)
    }

    func record(_ id: String, _ kind: InteractionRecord.Kind, _ status: InteractionRecord.Status, parent: String? = nil, position: Int)
        -> InteractionRecord
    {
        InteractionRecord(
            id: id, sessionId: "s", parentId: parent, position: position, kind: kind, title: id, status: status,
            payload: InteractionPayload(), declineReason: nil, createdAt: now, updatedAt: now, completedAt: nil)
    }

    @Test("nothing moves before the invitation; then top-level interactions are released and a group sends one step at a time")
    func releases() {
        let all = [
            record("doc", .document, .pending, position: 1), record("batch", .batch, .pending, position: 2),
            record("one", .document, .pending, parent: "batch", position: 1),
            record("two", .document, .pending, parent: "batch", position: 2),
        ]
        #expect(InteractionFlow.settle(session(.draft), all, now: now).isEmpty)
        let moves = InteractionFlow.settle(session(.invited), all, now: now)
        #expect(moves.map(\.record.id) == ["doc", "one", "batch"])
        #expect(moves.map(\.event) == ["interactionSent", "interactionSent", "interactionStatus"])
        #expect(moves.map(\.record.status) == [.sent, .sent, .sent])
    }

    @Test("a completed step releases the next, the last one completes the group, and a declined step declines it")
    func follows() {
        let batch = record("batch", .batch, .sent, position: 1)
        let stepped = InteractionFlow.settle(
            session(.active),
            [
                batch, record("one", .document, .completed, parent: "batch", position: 1),
                record("two", .document, .pending, parent: "batch", position: 2),
            ],
            now: now)
        #expect(stepped.map(\.record.id) == ["two", "batch"] && stepped.last?.record.status == .inProgress)
        let done = InteractionFlow.settle(
            session(.active),
            [
                batch, record("one", .document, .completed, parent: "batch", position: 1),
                record("two", .document, .completed, parent: "batch", position: 2),
            ],
            now: now)
        #expect(done.map(\.record.status) == [.completed] && done.first?.record.completedAt == now)
        let declined = InteractionFlow.settle(
            session(.active),
            [
                batch, record("one", .document, .declined, parent: "batch", position: 1),
                record("two", .document, .pending, parent: "batch", position: 2),
            ],
            now: now)
        #expect(declined.map(\.record.status) == [.declined])
    }
}
