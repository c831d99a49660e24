import Foundation
import NIOCore

/// Counts attempts (logins, password-reset requests) per key, such as an account or a client
/// address, within a sliding window, and refuses new ones once a key has reached its limit.
/// An attempt is counted when it starts, before the slow password check, so a burst of
/// parallel guesses cannot all pass while the first ones are still being checked.
actor AttemptLimiter {
    /// What attempts are counted against, and how many it may have within the window.
    struct Key: Sendable {
        var name: String
        var limit: Int
    }

    private var attempts: [String: [Date]] = [:]
    /// Stale keys are swept when the table grows past this, so many one-off keys do not pile up.
    private var sweepAbove = 1024
    let window: Double

    init(window: Double) {
        self.window = window
    }

    /// Counts one attempt against every key at once, or against none when one of them is at
    /// its limit; then answers the seconds until that key may try again.
    func reserve(_ keys: [Key], now: Date = Date()) -> Int? {
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
    func release(_ name: String, at: Date) {
        guard let index = attempts[name]?.firstIndex(of: at) else { return }
        attempts[name]?.remove(at: index)
    }

    /// Forgets every attempt against `name` (its account's owner has just logged in).
    func clear(_ name: String) { attempts[name] = nil }

    private func sweepIfLarge(_ now: Date) {
        guard attempts.count > sweepAbove else { return }
        attempts = attempts.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
        sweepAbove = max(1024, attempts.count * 2)
    }

    /// The key a client address is limited under: the address itself for IPv4, its /64 network
    /// for IPv6 (one customer line holds a whole /64, so single addresses would not limit it).
    static func client(_ address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        if case .v6(let v6) = address {
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            // An IPv4 client of a dual-stack socket (::ffff:a.b.c.d) is one IPv4 address.
            let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
            if !mapped {
                return bytes[0..<8].map { String($0, radix: 16) }.joined(separator: ".") + "/64"
            }
        }
        return address.ipAddress ?? "unknown"
    }
}
