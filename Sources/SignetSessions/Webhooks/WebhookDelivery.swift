import Foundation
import SignetStore

/// Sends the webhooks' queued deliveries: claims the due ones (with a lease, so a restart or a
/// second deliverer cannot lose or double them while one is being sent), POSTs each signed,
/// and keeps every attempt. A 2xx answer delivers; anything else is tried again with
/// exponential backoff and jitter, the same event id and body each time, up to `attempts`.
package struct WebhookDelivery: Sendable {
    let webhooks: any WebhookRepository
    let settings: WebhookSettings
    let sender: WebhookSender

    /// Creates the deliverer.
    package init(webhooks: any WebhookRepository, settings: WebhookSettings) {
        self.webhooks = webhooks
        self.settings = settings
        sender = WebhookSender(timeout: settings.timeout, allowPrivate: settings.allowPrivate)
    }

    /// How long a claimed delivery is left to its sender: well past the attempt's own timeout,
    /// so only a deliverer that died gives it up.
    var leaseSeconds: Double { max(60, settings.timeout * 4) }

    /// Sends every delivery due at `now`, several at once (a slow receiver holds up only its
    /// own); answers how many were tried.
    @discardableResult
    package func deliverDue(now: Date = Date()) async throws -> Int {
        let due = try await webhooks.claimDue(now: now, lease: leaseSeconds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for claimed in due { group.addTask { try await deliver(claimed) } }
            try await group.waitForAll()
        }
        return due.count
    }

    private func deliver(_ claimed: Webhooks.Claimed) async throws {
        var delivery = claimed.delivery
        guard claimed.webhook.enabled else {
            delivery.status = .failed
            delivery.finishedAt = Date()
            return try await webhooks.record(nil, delivery: delivery)
        }
        let started = Date()
        var responseCode: Int?
        var excerpt: String?
        var problem: String?
        do {
            let headers = [
                ("Signet-Event-Id", delivery.eventId), ("Signet-Event-Type", delivery.type),
                ("Signet-Signature", WebhookSignature.header(secret: claimed.webhook.secret, body: delivery.body, time: started)),
            ]
            let answer = try await sender.post(delivery.body, to: claimed.webhook.url, headers: headers)
            responseCode = answer.status
            excerpt = answer.excerpt.isEmpty ? nil : answer.excerpt
            if !(200..<300).contains(answer.status) { problem = "the receiver answered HTTP \(answer.status)" }
        } catch {
            problem = "\(error)"
        }
        let ended = Date()
        delivery.attempts += 1
        if problem == nil {
            delivery.status = .sent
            delivery.finishedAt = ended
        } else if delivery.attempts >= settings.attempts {
            delivery.status = .failed
            delivery.finishedAt = ended
        } else {
            delivery.nextAttemptAt = ended.addingTimeInterval(backoff(after: delivery.attempts))
        }
        let attempt = WebhookAttemptRecord(
            deliveryId: delivery.id ?? 0, at: started, milliseconds: Int(ended.timeIntervalSince(started) * 1000),
            responseCode: responseCode,
            error: problem, excerpt: excerpt)
        try await webhooks.record(attempt, delivery: delivery)
    }

    /// The wait after failed attempt `n`: base × 2^(n−1), give or take a quarter, so receivers
    /// that failed together are not all tried again in the same second.
    func backoff(after n: Int) -> Double {
        settings.retryBase * pow(2, Double(n - 1)) * Double.random(in: 0.75...1.25)
    }
}

/// How webhooks are delivered (`SIGNET_WEBHOOK_RETRY_SECONDS`, `SIGNET_WEBHOOK_ALLOW_PRIVATE`).
package struct WebhookSettings: Sendable {
    /// The first retry's wait in seconds; each later one doubles it.
    package var retryBase: Double = 30
    /// Attempts before a delivery counts as failed.
    package var attempts = 8
    /// Seconds one attempt may take, connecting included.
    package var timeout: Double = 10
    /// Whether receivers on loopback, private and other internal addresses are allowed.
    package var allowPrivate = false

    /// Creates the defaults.
    package init() {}
}
