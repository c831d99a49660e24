import Foundation
import GRDB
import SignetModel

/// Finished documents forwarded for approval: each step (forwarded, approved, rejected) is
/// recorded in the session's record in the same transaction as the change, so the session's
/// live stream carries it. An approval is seen only by its approver and by the agent of the
/// session it belongs to.
package struct Approvals: Sendable {
    let store: Store

    /// Creates the service.
    package init(store: Store) { self.store = store }

    /// Forwards the completed document `interaction` of `session` to the account `approver`.
    package func forward(
        interaction: String, session: String, from forwarder: String, to approver: UserRecord, note: String?, by actor: Actor,
        now: Date
    ) async throws -> ApprovalRecord {
        try await store.write { db in
            let record = try InteractionRecord.filter(
                InteractionRecord.Columns.id == interaction && InteractionRecord.Columns.sessionId == session
            ).fetchOne(db)
            let (approval, detail) = try ApprovalRecord.forwarding(
                record, session: session, from: forwarder, to: approver, note: note, at: now)
            try approval.insert(db)
            try EventLog.append(db, session: session, kind: "forwardedForApproval", actor: actor, detail: detail, now: now)
            return approval
        }
    }

    /// The approvals `user` may see: those asked of them and those of their sessions, newest first.
    package func visible(to user: String) async throws -> [ApprovalRecord] {
        try await store.read { db in
            try ApprovalRecord.fetchAll(
                db,
                sql: """
                    SELECT approval.* FROM approval JOIN session ON session.id = approval.sessionId
                    WHERE approval.approverId = ? OR session.agentId = ?
                    ORDER BY approval.createdAt DESC, approval.id LIMIT 200
                    """, arguments: [user, user])
        }
    }

    /// The approval `id` if `user` may see it (its approver or its session's agent), else nil.
    package func find(_ id: String, visibleTo user: String) async throws -> ApprovalRecord? {
        try await store.read { db in
            guard let approval = try ApprovalRecord.fetchOne(db, key: id) else { return nil }
            if approval.approverId == user { return approval }
            let agent = try String.fetchOne(db, sql: "SELECT agentId FROM session WHERE id = ?", arguments: [approval.sessionId])
            return agent == user ? approval : nil
        }
    }

    /// The approver's decision: checked, changed and recorded in one transaction; a decided
    /// approval stays as it was decided.
    package func decide(_ id: String, by approver: String, approve: Bool, reason: String?, actor: Actor, now: Date)
        async throws -> ApprovalRecord
    {
        try await store.write { db in
            guard var approval = try ApprovalRecord.fetchOne(db, key: id), approval.approverId == approver else {
                throw SignetError(.notFound, "there is no such approval for you")
            }
            guard approval.status == .pending else {
                throw SignetError(.conflict, "the approval is already \(approval.status.rawValue)")
            }
            approval.status = approve ? .approved : .rejected
            approval.reason = reason
            approval.decidedAt = now
            try approval.update(db)
            var detail = ["approval": approval.id, "interaction": approval.interactionId]
            if let reason { detail["reason"] = reason }
            try EventLog.append(
                db, session: approval.sessionId, kind: approve ? "approved" : "rejected", actor: actor, detail: detail, now: now)
            return approval
        }
    }
}
