import Foundation
import GRDB

/// What attempts (logins, reset requests, verifications) are counted against, and how many
/// it may have within the window.
package struct AttemptKey: Sendable {
    package var name: String
    package var limit: Int

    package init(name: String, limit: Int) {
        self.name = name
        self.limit = limit
    }
}

/// Attempts counted in the database, so every instance on it counts the same ones (five
/// guesses per account in all, not five per instance). Each row is one attempt, kept until its
/// window has passed (`expiresAt`), then swept.
package protocol AttemptRepository: Sendable {
    /// Counts one attempt at `now` against every key, or against none when one of them has
    /// `limit` attempts within the last `window` seconds; then answers the seconds until that
    /// key may try again. Two instances reserving one key at once are counted one after the other.
    func reserve(_ keys: [AttemptKey], window: Double, now: Date) async throws -> Int?
    /// Takes back one attempt counted against `name` at `at`.
    func release(_ name: String, at: Date) async throws
    /// Forgets every attempt against `name`.
    func clear(_ name: String) async throws
    /// Removes the attempts whose window had passed by `now`.
    func sweep(now: Date) async throws
}

/// Attempts in SQLite: its single writer makes each reservation one step. Times are kept to
/// the millisecond, cut down (as on PostgreSQL), so a stored attempt is never later than it was.
struct Attempts: AttemptRepository {
    let store: Store

    func reserve(_ keys: [AttemptKey], window: Double, now: Date) async throws -> Int? {
        // No cached read shows an attempt: the read cache stays.
        let at = SQLValue.milliseconds(now)
        return try await store.write(keepingReads: true) { db -> Int? in
            var wait = 0
            for key in keys {
                try db.execute(
                    sql: "DELETE FROM attempt WHERE key = ? AND at <= ?", arguments: [key.name, now.addingTimeInterval(-window)])
                let times = try Date.fetchAll(db, sql: "SELECT at FROM attempt WHERE key = ? ORDER BY at", arguments: [key.name])
                if times.count >= key.limit {
                    wait = max(wait, 1, Int((window - now.timeIntervalSince(times.first ?? now)).rounded(.up)))
                }
            }
            guard wait == 0 else { return wait }
            for key in keys {
                try db.execute(
                    sql: "INSERT INTO attempt (key, at, expiresAt) VALUES (?, ?, ?)",
                    arguments: [key.name, at, at.addingTimeInterval(window)])
            }
            return nil
        }
    }

    func release(_ name: String, at: Date) async throws {
        try await store.write(keepingReads: true) { db in
            try db.execute(
                sql: "DELETE FROM attempt WHERE id = (SELECT id FROM attempt WHERE key = ? AND at = ? LIMIT 1)",
                arguments: [name, SQLValue.milliseconds(at)])
        }
    }

    func clear(_ name: String) async throws {
        try await store.write(keepingReads: true) { db in try db.execute(sql: "DELETE FROM attempt WHERE key = ?", arguments: [name]) }
    }

    func sweep(now: Date) async throws {
        // A read first: an idle server commits nothing.
        let stale = try await store.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM attempt WHERE expiresAt < ?)", arguments: [now]) ?? false
        }
        guard stale else { return }
        try await store.write(keepingReads: true) { db in try db.execute(sql: "DELETE FROM attempt WHERE expiresAt < ?", arguments: [now]) }
    }
}
