import Foundation
import Logging
import ServiceLifecycle

/// Removes the files of batch jobs past their retention period (rows, PDFs, reports, zips),
/// once an hour while the server runs; the jobs' records stay in the store.
struct BatchJobSweeper: Service {
    let runner: BatchJobRunner
    let retention: Double
    let logger: Logger
    var interval: Duration = .seconds(3600)

    func run() async throws {
        // A graceful shutdown cancels the wait for the next sweep, which may be an hour away.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let removed = try await runner.sweep(retention: retention)
                    if removed > 0 { logger.info("removed the files of \(removed) batch job(s) past their retention period") }
                } catch {
                    logger.error("batch job sweep failed: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
