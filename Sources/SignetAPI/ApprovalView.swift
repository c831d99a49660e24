import Foundation
import SignetStore

/// An approval as both its parties see it.
package struct ApprovalView: Encodable, Sendable {
    package var id: String
    package var session: String
    package var interaction: String
    package var title: String
    package var pages: Int
    package var status: String
    package var note: String?
    package var reason: String?
    package var from: String
    package var to: String
    /// `approver` when the caller decides it, `agent` when it is of the caller's session.
    package var yourPart: String
    package var createdAt: Date
    package var decidedAt: Date?

    /// The approval of `document`, forwarded by `forwarder` to `approver` (nil when the account
    /// is gone: its id stands in), as the account `viewer` sees it.
    package init(
        _ approval: ApprovalRecord, document: InteractionRecord, forwarder: UserRecord?, approver: UserRecord?, viewer: String
    ) {
        id = approval.id
        session = approval.sessionId
        interaction = approval.interactionId
        title = document.title
        pages = document.payload.document?.pages.count ?? 0
        status = approval.status.rawValue
        note = approval.note
        reason = approval.reason
        from = forwarder.map { "\($0.name) <\($0.email)>" } ?? approval.forwarderId
        to = approver?.email ?? approval.approverId
        yourPart = approval.approverId == viewer ? "approver" : "agent"
        createdAt = approval.createdAt
        decidedAt = approval.decidedAt
    }
}

/// `POST …/forward`: to whom, with an optional note.
package struct ForwardBody: Decodable, Sendable {
    package var to: String
    package var note: String?
}

/// `POST /approvals/{aid}/approve|reject`: the approver's optional reason.
package struct DecisionBody: Decodable, Sendable {
    package var reason: String?
}
