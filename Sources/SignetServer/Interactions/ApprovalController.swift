import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore

/// Forward for approval: a session's agent forwards a completed document to another account
/// (`POST /sessions/{id}/interactions/{iid}/forward`); the approver reads it and decides under
/// `/approvals`. An approval exists only for its approver and its session's agent: to anyone
/// else (admins included) it is not found.
struct ApprovalController {
    let services: SignetServices
    var requests: ApprovalRequests { ApprovalRequests(services: services) }

    func register(_ group: RouterGroup<AppContext>) {
        group.post("sessions/{id}/interactions/{iid}/forward", use: forward)
        group.get("approvals", use: list)
        group.get("approvals/{aid}", use: show)
        group.get("approvals/{aid}/pages/{page}", use: preview)
        group.get("approvals/{aid}/document.pdf", use: document)
        group.post("approvals/{aid}/approve", use: approve)
        group.post("approvals/{aid}/reject", use: reject)
    }

    @Sendable func forward(_ request: Request, context: AppContext) async throws -> EditedResponse<ApprovalView> {
        let session = try await context.ownedSession(services.sessions)
        guard let id = context.parameters.get("iid"), let record = try await services.interactions.find(id, session: session.id) else {
            throw Problem.notFound
        }
        let body = try await request.decode(as: ForwardBody.self, context: context)
        let user = try context.user()
        let approval = try await requests.forward(
            record, session: session, to: body.to, note: body.note, by: user, actor: context.actor(request))
        return EditedResponse(status: .created, response: try await view(approval, for: user))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<ApprovalView> {
        let user = try context.user()
        var items: [ApprovalView] = []
        for approval in try await requests.approvals.visible(to: user.id) { items.append(try await view(approval, for: user)) }
        return Page(all: items)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> ApprovalView {
        let user = try context.user()
        return try await view(try await approval(context, user), for: user)
    }

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> Response {
        let record = try await document(of: try await approval(context, try context.user()))
        return try await FileBody.preview(request, context: context) { try await services.preview(of: record, page: $0, width: $1) }
    }

    @Sendable func document(_ request: Request, context: AppContext) async throws -> Response {
        let record = try await document(of: try await approval(context, try context.user()))
        return try await FileBody.response(
            try Downloads(services: services).finished(of: record, byCustomer: false, by: context.actor(request)))
    }

    @Sendable func approve(_ request: Request, context: AppContext) async throws -> ApprovalView {
        try await decide(request, context: context, approve: true)
    }

    @Sendable func reject(_ request: Request, context: AppContext) async throws -> ApprovalView {
        try await decide(request, context: context, approve: false)
    }

    private func decide(_ request: Request, context: AppContext, approve: Bool) async throws -> ApprovalView {
        let user = try context.user()
        let approval = try await approval(context, user)
        // The session's agent sees the approval but the decision is the approver's.
        guard approval.approverId == user.id else {
            throw Problem(.forbidden, "not-approver", "Not yours to decide", detail: "only the account it was forwarded to decides it")
        }
        let body = try await request.decode(as: DecisionBody.self, context: context)
        let decided = try await requests.decide(
            approval.id, by: user, approve: approve, reason: body.reason, actor: context.actor(request))
        return try await view(decided, for: user)
    }

    private func approval(_ context: AppContext, _ user: UserRecord) async throws -> ApprovalRecord {
        guard let id = context.parameters.get("aid"), let approval = try await requests.approvals.find(id, visibleTo: user.id) else {
            throw Problem.notFound
        }
        return approval
    }

    private func document(of approval: ApprovalRecord) async throws -> InteractionRecord {
        guard let record = try await services.interactions.find(approval.interactionId, session: approval.sessionId) else {
            throw Problem.notFound
        }
        return record
    }

    private func view(_ approval: ApprovalRecord, for user: UserRecord) async throws -> ApprovalView {
        ApprovalView(
            approval, document: try await document(of: approval), forwarder: try await services.accounts.user(id: approval.forwarderId),
            approver: try await services.accounts.user(id: approval.approverId), viewer: user.id)
    }
}
