import Foundation
import Logging
import ServiceLifecycle
import SignetStore

/// Sends scheduled reminders until the server shuts down. The schedule lives in the store
/// (each session's next reminder and count), so a restart picks up where the last run left
/// off, and each reminder is claimed in its own transaction, so a second loop (another server
/// process on the same database) never sends one twice.
struct ReminderService: Service {
    let sessions: CustomerSessions
    let interval: Double
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let sent = try await sessions.sendDueReminders()
                if sent > 0 { logger.info("reminders sent: \(sent)") }
            } catch {
                logger.error("sending reminders failed: \(error)")
            }
            // Woken by a shutdown, which must not wait out the interval.
            let pause = Duration.milliseconds(Int(interval * 1000))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }
}
