import Foundation
import SignetStore

/// Counts attempts (logins, password-reset requests, verifications) per key, such as an
/// account or a client address, within a sliding window, and refuses new ones once a key has
/// reached its limit. An attempt is counted when it starts, before the slow password check, so
/// a burst of parallel guesses cannot all pass while the first ones are still being checked.
/// The counts are in the database (`AttemptRepository`), shared by every instance on it; each
/// limiter's keys are its own (`scope`).
package struct AttemptLimiter: Sendable {
    /// What attempts are counted against, and how many it may have within the window.
    package typealias Key = AttemptKey

    let window: Double
    let scope: String
    let attempts: any AttemptRepository

    package init(window: Double, scope: String, attempts: any AttemptRepository) {
        self.window = window
        self.scope = scope
        self.attempts = attempts
    }

    /// Counts one attempt against every key at once, or against none when one of them is at
    /// its limit; then answers the seconds until that key may try again.
    package func reserve(_ keys: [Key], now: Date = Date()) async throws -> Int? {
        try await attempts.reserve(keys.map { Key(name: scoped($0.name), limit: $0.limit) }, window: window, now: now)
    }

    /// Takes back the attempt counted at `at` (one that succeeded, so it is no guess).
    package func release(_ name: String, at: Date) async throws { try await attempts.release(scoped(name), at: at) }

    /// Forgets every attempt against `name` (its account's owner has just logged in).
    package func clear(_ name: String) async throws { try await attempts.clear(scoped(name)) }

    private func scoped(_ name: String) -> String { scope + "/" + name }
}
