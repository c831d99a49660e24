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

    struct Posted: Decodable {
        var text: String
    }

    struct MessageView: ResponseEncodable {
        var message: SessionChat.Message
        func encode(to encoder: Encoder) throws { try message.encode(to: encoder) }
    }

    @Sendable func agentHistory(_ request: Request, context: AppContext) async throws -> Page<MessageView> {
        let session = try await context.ownedSession(sessions)
        return Page(all: try await chat.history(session: session.id).map(MessageView.init))
    }

    @Sendable func agentPost(_ request: Request, context: AppContext) async throws -> EditedResponse<MessageView> {
        let user = try context.user()
        let session = try await context.ownedSession(sessions)
        let body = try await request.decode(as: Posted.self, context: context)
        let message = try await chat.post(body.text, session: session, from: .agent, name: user.name, by: context.actor(request))
        return EditedResponse(status: .created, response: MessageView(message: message))
    }

    @Sendable func customerHistory(_ request: Request, context: AppContext) async throws -> Page<MessageView> {
        let session = try context.customerSession()
        return Page(all: try await chat.history(session: session.id).map(MessageView.init))
    }

    @Sendable func customerPost(_ request: Request, context: AppContext) async throws -> EditedResponse<MessageView> {
        let session = try context.customerSession()
        let body = try await request.decode(as: Posted.self, context: context)
        let message = try await chat.post(
            body.text, session: session, from: .customer, name: session.customerName, by: context.actor(request))
        return EditedResponse(status: .created, response: MessageView(message: message))
    }
}
