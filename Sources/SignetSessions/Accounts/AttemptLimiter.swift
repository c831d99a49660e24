import Foundation

/// Counts attempts (logins, password-reset requests) per key, such as an account or a client
/// address, within a sliding window, and refuses new ones once a key has reached its limit.
/// An attempt is counted when it starts, before the slow password check, so a burst of
/// parallel guesses cannot all pass while the first ones are still being checked.
package actor AttemptLimiter {
    /// What attempts are counted against, and how many it may have within the window.
    package struct Key: Sendable {
        package var name: String
        package var limit: Int

        package init(name: String, limit: Int) {
            self.name = name
            self.limit = limit
        }
    }

    private var attempts: [String: [Date]] = [:]
    /// Stale keys are swept when the table grows past this, so many one-off keys do not pile up.
    private var sweepAbove = 1024
    let window: Double

    package init(window: Double) {
        self.window = window
    }

    /// Counts one attempt against every key at once, or against none when one of them is at
    /// its limit; then answers the seconds until that key may try again.
    package func reserve(_ keys: [Key], now: Date = Date()) -> Int? {
        sweepIfLarge(now)
        var wait = 0
        for key in keys {
            let recent = (attempts[key.name] ?? []).filter { now.timeIntervalSince($0) < window }
            attempts[key.name] = recent
            if recent.count >= key.limit {
                let oldest = recent.first ?? now
                wait = max(wait, 1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
        }
        guard wait == 0 else { return wait }
        for key in keys { attempts[key.name, default: []].append(now) }
        return nil
    }

    /// Takes back the attempt counted at `at` (one that succeeded, so it is no guess).
    package func release(_ name: String, at: Date) {
        guard let index = attempts[name]?.firstIndex(of: at) else { return }
        attempts[name]?.remove(at: index)
    }

    /// Forgets every attempt against `name` (its account's owner has just logged in).
    package func clear(_ name: String) { attempts[name] = nil }

    private func sweepIfLarge(_ now: Date) {
        guard attempts.count > sweepAbove else { return }
        attempts = attempts.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
        sweepAbove = max(1024, attempts.count * 2)
    }
}
