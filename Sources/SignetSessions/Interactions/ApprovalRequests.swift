import Foundation
import SignetModel
import SignetStore

/// Forwarding a completed document to another account for approval, and that account's
/// decision: the input checked (per-field problems), then the store's one-transaction change
/// with its event in the session's record.
package struct ApprovalRequests {
    let services: SignetServices
    package var approvals: any ApprovalRepository { services.approvals }

    package init(services: SignetServices) { self.services = services }

    /// Forwards `record` to the enabled account whose email is `email`, never the caller's own.
    package func forward(
        _ record: InteractionRecord, session: SessionRecord, to email: String, note: String?, by user: UserRecord, actor: Actor
    )
        async throws -> ApprovalRecord
    {
        let wanted = Accounts.normalisedEmail(email)
        var problems: [FieldProblem] = []
        let approver = try await services.accounts.list().first { Accounts.normalisedEmail($0.email) == wanted }
        if wanted.isEmpty {
            problems.append(FieldProblem(field: "to", label: "To", reason: "give the email of the account to ask"))
        } else if let approver, approver.id == user.id {
            problems.append(FieldProblem(field: "to", label: "To", reason: "forward it to another account, not your own"))
        } else if approver?.disabledAt != nil {
            problems.append(FieldProblem(field: "to", label: "To", reason: "that account is disabled"))
        } else if approver == nil {
            problems.append(FieldProblem(field: "to", label: "To", reason: "there is no account with this email"))
        }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 1000 {
            problems.append(FieldProblem(field: "note", label: "Note", reason: "at most 1000 characters"))
        }
        guard problems.isEmpty, let approver else { throw FieldProblems(stage: "forward", problems: problems) }
        return try await approvals.forward(
            interaction: record.id, session: session.id, from: user.id, to: approver, note: note?.isEmpty == true ? nil : note, by: actor)
    }

    /// The approver's decision; a rejection says why.
    package func decide(_ id: String, by user: UserRecord, approve: Bool, reason given: String?, actor: Actor) async throws
        -> ApprovalRecord
    {
        let reason = given?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve && (reason ?? "").isEmpty || (reason?.count ?? 0) > 1000 {
            throw FieldProblems(
                stage: approve ? "approve" : "reject",
                problems: [
                    FieldProblem(
                        field: "reason", label: "Reason", reason: approve ? "at most 1000 characters" : "say why, in 1 to 1000 characters")
                ])
        }
        return try await approvals.decide(id, by: user.id, approve: approve, reason: reason?.isEmpty == true ? nil : reason, actor: actor)
    }
}
