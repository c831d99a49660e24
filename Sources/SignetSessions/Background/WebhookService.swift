import Foundation
import Logging
import ServiceLifecycle

/// Delivers the webhooks' queue in the background until the server shuts down.
struct WebhookService: Service {
    let delivery: WebhookDelivery
    let interval: Double
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await delivery.deliverDue()
            } catch {
                logger.error("webhook delivery failed: \(error)")
            }
            let pause = Duration.milliseconds(Int(interval * 1000))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }
}
