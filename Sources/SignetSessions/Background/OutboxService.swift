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
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }
}
