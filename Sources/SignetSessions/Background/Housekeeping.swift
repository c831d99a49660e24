import Foundation
import Logging
import ServiceLifecycle
import SignetStore

/// The server's periodic chores, off every request's path: sessions past their lifetime
/// recorded as expired, login attempts past their window swept, previews kept under their
/// cap, and scratch files left behind by a crash or a kill removed once a day old. (Customer visits: `PresenceFlush`.)
struct Housekeeping: Service {
    let services: SignetServices
    let interval: Double
    let logger: Logger
    /// Scratch folders older than this are leftovers: no request takes that long.
    static let scratchAge: Double = 24 * 3600

    func run() async throws {
        var lastSweep = Date.distantPast
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = Date()
            // Files first and at start-up, then hourly: listing folders is not free.
            let sweepFiles = now.timeIntervalSince(lastSweep) >= 3600
            if sweepFiles { lastSweep = now }
            await tidy(now: now, files: sweepFiles)
            // Woken by a shutdown, which must not wait out the interval.
            let pause = Duration.milliseconds(Int(interval * 1000))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }

    /// One round of chores; each failure is logged and the others still run.
    func tidy(now: Date, files: Bool) async {
        do {
            let expired = try await services.sessions.recordExpiries(now: now)
            if expired > 0 { logger.info("sessions expired: \(expired)") }
        } catch {
            logger.error("recording expiries failed: \(error)")
        }
        do {
            try await services.backend.attempts.sweep(now: now)
        } catch {
            logger.error("sweeping login attempts failed: \(error)")
        }
        guard files else { return }
        Self.removeStale(in: services.configuration.dataDirectory + "/tmp", olderThan: Self.scratchAge, now: now)
        PreviewBudget.trim(services.configuration.dataDirectory + "/previews", to: services.configuration.maxPreviewBytes)
    }

    /// Removes the entries of `folder` last modified more than `age` seconds before `now`.
    static func removeStale(in folder: String, olderThan age: Double, now: Date) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = "\(folder)/\(name)"
            guard let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                now.timeIntervalSince(modified) > age
            else { continue }
            try? fm.removeItem(atPath: path)
        }
    }
}
