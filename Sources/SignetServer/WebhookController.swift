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

    /// A webhook as the API shows it: the secret only in the answer that made it.
    struct WebhookView: ResponseEncodable {
        var id: String
        var url: String
        var events: [String]
        var enabled: Bool
        var createdAt: Date
        var secret: String?

        init(_ hook: WebhookRecord, showingSecret: Bool = false) {
            id = hook.id
            url = hook.url
            events = hook.events
            enabled = hook.enabled
            createdAt = hook.createdAt
            secret = showingSecret ? hook.secret : nil
        }
    }

    struct NewWebhook: Decodable {
        var url: String?
        var events: [String]?
    }

    /// `POST /webhooks {"url", "events"}` → 201 with the secret.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> EditedResponse<WebhookView> {
        let admin = try context.admin()
        let body = try await request.decode(as: NewWebhook.self, context: context)
        guard let url = body.url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            throw FieldProblems(stage: "webhook", problems: [FieldProblem(field: "url", label: "URL", reason: "give the receiver's URL")])
        }
        let registration = WebhookRegistration(webhooks: services.webhooks, settings: services.configuration.webhooks)
        let hook = try await registration.register(url: url, events: body.events ?? [], by: admin.id)
        return EditedResponse(
            status: .created, headers: [.location: "/api/v1/webhooks/\(hook.id)"], response: WebhookView(hook, showingSecret: true))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<WebhookView> {
        _ = try context.admin()
        return Page(all: try await services.webhooks.list().map { WebhookView($0) })
    }

    struct Change: Decodable {
        var enabled: Bool?
    }

    /// `PATCH /webhooks/{hid} {"enabled"}`.
    @Sendable func update(_ request: Request, context: AppContext) async throws -> WebhookView {
        _ = try context.admin()
        let id = context.parameters.get("hid") ?? ""
        guard try await services.webhooks.find(id) != nil else { throw Problem.notFound }
        guard let enabled = try await request.decode(as: Change.self, context: context).enabled else {
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

    /// A delivery with each attempt (when, how long, the response code or the error).
    struct DeliveryView: Encodable, Sendable {
        var id: Int64
        var event: String
        var type: String
        var status: String
        var createdAt: Date
        var nextAttemptAt: Date?
        var finishedAt: Date?
        var attempts: [Attempt]

        struct Attempt: Encodable, Sendable {
            var at: Date
            var milliseconds: Int
            var responseCode: Int?
            var error: String?
            var excerpt: String?
        }

        init(_ history: Webhooks.DeliveryHistory) {
            let d = history.delivery
            id = d.id ?? 0
            event = d.eventId
            type = d.type
            status = d.status.rawValue
            createdAt = d.createdAt
            nextAttemptAt = d.status == .pending ? d.nextAttemptAt : nil
            finishedAt = d.finishedAt
            attempts = history.attempts.map {
                Attempt(at: $0.at, milliseconds: $0.milliseconds, responseCode: $0.responseCode, error: $0.error, excerpt: $0.excerpt)
            }
        }
    }

    /// `GET /webhooks/{hid}/deliveries`: the latest 100, newest first.
    @Sendable func deliveries(_ request: Request, context: AppContext) async throws -> Page<DeliveryView> {
        _ = try context.admin()
        let id = context.parameters.get("hid") ?? ""
        guard try await services.webhooks.find(id) != nil else { throw Problem.notFound }
        return Page(all: try await services.webhooks.deliveries(of: id).map(DeliveryView.init))
    }
}
