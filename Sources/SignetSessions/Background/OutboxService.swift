import Foundation
import Logging
import ServiceLifecycle
import SignetStore

/// Delivers the outbox in the background until the server shuts down.
struct OutboxService: Service {
    let outbox: OutboxDelivery
    let interval: Double
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await outbox.deliverDue()
            } catch {
                logger.error("outbox delivery failed: \(error)")
            }
            // Woken by a shutdown, which must not wait out the interval.
            let pause = Duration.milliseconds(Int(interval * 1000))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }
}
