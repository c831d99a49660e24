import Foundation
import SignetModel

extension ApprovalRecord {
    /// A pending approval of `interaction` (found in the session, or nil) for `approver`, with
    /// the detail of its `forwardedForApproval` event. Only a completed document with its
    /// finished file can be forwarded (409 otherwise). Every backend forwards by this rule.
    static func forwarding(
        _ interaction: InteractionRecord?, session: String, from forwarder: String, to approver: UserRecord, note: String?,
        at createdAt: Date
    ) throws -> (approval: ApprovalRecord, detail: [String: String]) {
        guard let interaction else { throw SignetError(.notFound, "no such interaction in this session") }
        guard interaction.kind == .document, interaction.status == .completed, interaction.payload.document?.finished != nil else {
            throw SignetError(
                .conflict,
                "only a completed document can be forwarded for approval; this \(interaction.kind.rawValue) is \(interaction.status.rawValue)"
            )
        }
        let approval = ApprovalRecord(
            id: UUID().uuidString.lowercased(), sessionId: session, interactionId: interaction.id, forwarderId: forwarder,
            approverId: approver.id, note: note, status: .pending, reason: nil, createdAt: createdAt, decidedAt: nil)
        var detail = ["approval": approval.id, "interaction": interaction.id, "to": approver.email]
        if let note { detail["note"] = note }
        return (approval, detail)
    }
}
