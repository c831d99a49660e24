import Foundation
import Logging
import ServiceLifecycle

/// Writes the customer visits `CustomerPresence` noted (one transaction a round, none when
/// nobody came) every `interval` seconds, so the agent's console shows "last seen" within
/// seconds while a customer's reads never write; and one last time at a graceful shutdown,
/// after the HTTP server has answered its last request, so no visit is lost.
struct PresenceFlush: Service {
    let services: SignetServices
    let interval: Double
    let logger: Logger

    func run() async throws {
        let pause = Duration.milliseconds(Int(interval * 1000))
        repeat {
            // Woken by a shutdown, which then gets its flush at once.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            do {
                try await services.presence.flush(to: services.customers)
            } catch {
                logger.error("recording customer visits failed: \(error)")
            }
        } while !Task.isCancelled && !Task.isShuttingDownGracefully
    }
}
