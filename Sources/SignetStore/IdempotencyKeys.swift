import Foundation
import GRDB

/// Remembers the answer to authenticated POSTs sent with an `Idempotency-Key`, per caller, so
/// a client that retries after a lost response gets the first answer instead of a second
/// session. Bounded: answers are kept a day, small answers only, a limited number per caller;
/// an answer that carried a credential is never kept (its key is remembered as withheld).
package struct IdempotencyKeys: Sendable {
    let store: Store
    /// How long answers are kept.
    package var retention: TimeInterval = 24 * 3600
    /// The largest answer body kept for replay; larger answers are withheld.
    package var maxBodyBytes = 64 << 10
    /// Keys one caller may hold within the retention; more are refused until old ones expire.
    package var maxKeysPerPrincipal = 1000
    /// How long a first request's claim holds while it is being answered: a claim older than
    /// this was never answered (its instance died mid-request), and a retry takes it over.
    /// Far longer than any request runs.
    package static let lease: TimeInterval = 5 * 60

    /// Creates the service.
    package init(store: Store) { self.store = store }

    /// A stored answer.
    package struct Answer: Sendable {
        /// HTTP status.
        package var status: Int
        /// Content type of the body.
        package var contentType: String?
        /// The body.
        package var body: Data

        /// Creates an answer.
        package init(status: Int, contentType: String?, body: Data) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// What to do with a request carrying a key.
    package enum Claim: Sendable {
        /// First use: answer it, then `record` or `withhold` the answer.
        case fresh
        /// Seen before with the same request: replay this answer.
        case replay(Answer)
        /// Seen before, but its answer was not kept, for this reason.
        case withheld(String)
        /// Seen before with a different request.
        case mismatch
        /// The first request with this key is still being answered.
        case inProgress
        /// The caller holds `maxKeysPerPrincipal` keys already.
        case exhausted
    }

    /// Claims `key` for `principal`'s request whose method, path and body hash to `requestHash`.
    /// Expired answers are pruned first, so the table never holds more than a day of them.
    package func claim(principal: String, key: String, requestHash: String, now: Date = Date()) async throws -> Claim {
        try await store.write { db in
            try prune(db, now: now)
            if let row = try Row.fetchOne(
                db,
                sql: "SELECT requestHash, status, contentType, body, withheld, createdAt FROM idempotency WHERE principal = ? AND key = ?",
                arguments: [principal, key])
            {
                if let reason: String = row["withheld"] { return .withheld(reason) }
                guard row["requestHash"] as String == requestHash else { return .mismatch }
                let status: Int = row["status"]
                guard status != 0 else {
                    let claimed: Date = row["createdAt"]
                    guard claimed < now.addingTimeInterval(-Self.lease) else { return .inProgress }
                    try db.execute(
                        sql: "UPDATE idempotency SET createdAt = ? WHERE principal = ? AND key = ?", arguments: [now, principal, key])
                    return .fresh
                }
                return .replay(Answer(status: status, contentType: row["contentType"], body: row["body"] ?? Data()))
            }
            let held = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency WHERE principal = ?", arguments: [principal]) ?? 0
            guard held < maxKeysPerPrincipal else { return .exhausted }
            try db.execute(
                sql: "INSERT INTO idempotency (principal, key, requestHash, status, createdAt) VALUES (?, ?, ?, 0, ?)",
                arguments: [principal, key, requestHash, now])
            return .fresh
        }
    }

    /// Stores the answer to a fresh claim; a server error releases the key instead, so the
    /// client may retry.
    package func record(principal: String, key: String, answer: Answer) async throws {
        try await store.write { db in
            if answer.status >= 500 {
                try db.execute(sql: "DELETE FROM idempotency WHERE principal = ? AND key = ?", arguments: [principal, key])
            } else {
                try db.execute(
                    sql: "UPDATE idempotency SET status = ?, contentType = ?, body = ? WHERE principal = ? AND key = ?",
                    arguments: [answer.status, answer.contentType, answer.body, principal, key])
            }
        }
    }

    /// Remembers that a fresh claim was answered with `status` but keeps nothing of the answer
    /// (nor of the request): a replay is told `reason` instead.
    package func withhold(principal: String, key: String, status: Int, reason: String) async throws {
        try await store.write { db in
            try db.execute(
                sql: """
                    UPDATE idempotency SET status = ?, requestHash = '', contentType = NULL, body = NULL, withheld = ?
                    WHERE principal = ? AND key = ?
                    """,
                arguments: [status, reason, principal, key])
        }
    }

    /// Forgets answers older than the retention.
    private func prune(_ db: Database, now: Date) throws {
        try db.execute(sql: "DELETE FROM idempotency WHERE createdAt < ?", arguments: [now.addingTimeInterval(-retention)])
    }
}
