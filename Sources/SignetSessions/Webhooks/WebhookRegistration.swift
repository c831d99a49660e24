import Foundation
import SignetModel
import SignetStore

/// An admin registering a webhook: the URL must pass the SSRF check (`WebhookAddress`) and
/// every event type must be known; problems are answered per field.
package struct WebhookRegistration: Sendable {
    let webhooks: any WebhookRepository
    let settings: WebhookSettings

    package init(webhooks: any WebhookRepository, settings: WebhookSettings) {
        self.webhooks = webhooks
        self.settings = settings
    }

    /// Registers `url` for `events` on behalf of `admin`; the answer holds the secret, shown this once.
    package func register(url given: String?, events: [String], by admin: String) async throws -> WebhookRecord {
        // Every problem at once, the URL's first; a missing URL is not worth an address check.
        guard let url = given?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            throw FieldProblems(stage: "webhook", problems: [FieldProblem(field: "url", label: "URL", reason: "give the receiver's URL")])
        }
        var problems: [FieldProblem] = []
        let unknown = events.filter { !WebhookEvents.types.contains($0) }
        if events.isEmpty {
            problems.append(FieldProblem(field: "events", label: "Events", reason: "choose at least one event type"))
        } else if !unknown.isEmpty {
            let list = unknown.prefix(5).map { "\"\($0.prefix(60))\"" }.joined(separator: ", ")
            problems.append(
                FieldProblem(
                    field: "events", label: "Events",
                    reason: "unknown event type \(list); known: \(WebhookEvents.types.joined(separator: ", "))"))
        }
        do {
            _ = try await WebhookAddress.check(url, allowPrivate: settings.allowPrivate)
        } catch let refusal as WebhookAddress.Refusal {
            problems.append(FieldProblem(field: "url", label: "URL", reason: refusal.description))
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "webhook", problems: problems) }
        return try await webhooks.create(url: url, events: events, by: admin)
    }
}
