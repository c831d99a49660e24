import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetSessions
import SignetStore

/// Chat in a session: the agent at `/api/v1/sessions/{id}/messages`, the customer at
/// `/api/v1/customer/messages` (behind the one-time code like every customer route). New
/// messages reach both sides on their live streams as `message` events (`SessionChat`).
struct ChatController {
    let sessions: CustomerSessions
    let chat: SessionChat

    func register(_ group: RouterGroup<AppContext>) {
        group.get("sessions/{id}/messages", use: agentHistory)
        group.post("sessions/{id}/messages", use: agentPost)
        group.get("customer/messages", use: customerHistory)
        group.post("customer/messages", use: customerPost)
    }

    @Sendable func agentHistory(_ request: Request, context: AppContext) async throws -> Page<SessionChat.Message> {
        let session = try await context.ownedSession(sessions)
        return Page(all: try await chat.history(session: session.id))
    }

    @Sendable func agentPost(_ request: Request, context: AppContext) async throws -> EditedResponse<SessionChat.Message> {
        let user = try context.user()
        let session = try await context.ownedSession(sessions)
        let body = try await request.decode(as: PostedMessage.self, context: context)
        let message = try await chat.post(body.text, session: session, from: .agent, name: user.name, by: context.actor(request))
        return EditedResponse(status: .created, response: message)
    }

    @Sendable func customerHistory(_ request: Request, context: AppContext) async throws -> Page<SessionChat.Message> {
        let session = try context.customerSession()
        return Page(all: try await chat.history(session: session.id))
    }

    @Sendable func customerPost(_ request: Request, context: AppContext) async throws -> EditedResponse<SessionChat.Message> {
        let session = try context.customerSession()
        let body = try await request.decode(as: PostedMessage.self, context: context)
        let message = try await chat.post(
            body.text, session: session, from: .customer, name: session.customerName, by: context.actor(request))
        return EditedResponse(status: .created, response: message)
    }
}
