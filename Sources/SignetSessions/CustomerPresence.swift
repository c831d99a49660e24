import Foundation
import NIOConcurrencyHelpers
import SignetStore

/// When each customer was last seen, noted in memory on every request and written to the
/// store in one transaction now and then (`flush`, from `Housekeeping`), so a customer's
/// page polling or streaming costs no write per request. The console's "online now" needs
/// the time to the minute, not to the request.
package final class CustomerPresence: Sendable {
    private let pending = NIOLockedValueBox<[String: Date]>([:])

    /// Notes that session `id`'s customer made a request at `now`.
    package func seen(_ id: String, now: Date = Date()) {
        pending.withLockedValue { $0[id] = now }
    }

    /// Writes what was noted since the last flush (one transaction, none when nothing was).
    package func flush(to customers: any CustomerAccessRepository) async throws {
        let seen = pending.withLockedValue { pending -> [String: Date] in
            let taken = pending
            pending = [:]
            return taken
        }
        do {
            try await customers.recordSeen(seen)
        } catch {
            // Kept for the next flush rather than lost, unless a newer visit replaced it.
            pending.withLockedValue { $0.merge(seen) { newer, _ in newer } }
            throw error
        }
    }
}
