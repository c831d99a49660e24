import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore

/// Webhooks, for admins: register a receiver (its signing secret answered this once), list,
/// turn off and on, delete, and see each delivery with every attempt.
struct WebhookController {
    let services: SignetServices

    func register(_ group: RouterGroup<AppContext>) {
        group.post("webhooks", use: create)
        group.get("webhooks", use: list)
        group.patch("webhooks/{hid}", use: update)
        group.delete("webhooks/{hid}", use: delete)
        group.get("webhooks/{hid}/deliveries", use: deliveries)
    }

    /// `POST /webhooks {"url", "events"}` → 201 with the secret.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> EditedResponse<WebhookView> {
        let admin = try context.admin()
        let body = try await request.decode(as: NewWebhook.self, context: context)
        let registration = WebhookRegistration(webhooks: services.webhooks, settings: services.configuration.webhooks)
        let hook = try await registration.register(url: body.url, events: body.events ?? [], by: admin.id)
        return EditedResponse(
            status: .created, headers: [.location: "/api/v1/webhooks/\(hook.id)"], response: WebhookView(hook, showingSecret: true))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<WebhookView> {
        _ = try context.admin()
        return Page(all: try await services.webhooks.list().map { WebhookView($0) })
    }

    /// `PATCH /webhooks/{hid} {"enabled"}`.
    @Sendable func update(_ request: Request, context: AppContext) async throws -> WebhookView {
        _ = try context.admin()
        let id = context.parameters.get("hid") ?? ""
        guard try await services.webhooks.find(id) != nil else { throw Problem.notFound }
        guard let enabled = try await request.decode(as: WebhookChange.self, context: context).enabled else {
            throw FieldProblems(
                stage: "webhook", problems: [FieldProblem(field: "enabled", label: "Enabled", reason: "give true or false")])
        }
        guard let hook = try await services.webhooks.setEnabled(enabled, id: id) else { throw Problem.notFound }
        return WebhookView(hook)
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.admin()
        guard try await services.webhooks.delete(context.parameters.get("hid") ?? "") else { throw Problem.notFound }
        return Response(status: .noContent)
    }

    /// `GET /webhooks/{hid}/deliveries`: the latest 100, newest first.
    @Sendable func deliveries(_ request: Request, context: AppContext) async throws -> Page<DeliveryView> {
        _ = try context.admin()
        let id = context.parameters.get("hid") ?? ""
        guard try await services.webhooks.find(id) != nil else { throw Problem.notFound }
        return Page(all: try await services.webhooks.deliveries(of: id).map(DeliveryView.init))
    }
}
