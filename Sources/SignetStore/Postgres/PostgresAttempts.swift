import Foundation

/// Attempts on PostgreSQL (`Attempts`' rules). A reservation first takes a transaction-level
/// advisory lock per key (in one order, so two reservations never wait on each other in a
/// circle): instances reserving one key at once count one after the other, and a burst of
/// guesses spread over instances still gets `limit` through, no more.
struct PostgresAttempts: AttemptRepository {
    let store: PostgresStore

    func reserve(_ keys: [AttemptKey], window: Double, now: Date) async throws -> Int? {
        try await store.write(keepingReads: true) { sql in
            for name in Set(keys.map(\.name)).sorted() {
                try await sql.lock("attempt:" + name)
            }
            var wait = 0
            for key in keys {
                try await sql.execute(
                    #"DELETE FROM "attempt" WHERE "key" = $1 AND "at" <= $2"#, [.text(key.name), .date(now.addingTimeInterval(-window))])
                let rows = try await sql.execute(
                    #"SELECT count(*), min("at") FROM "attempt" WHERE "key" = $1"#, [.text(key.name)])
                guard let row = rows.first else { continue }
                let (count, oldest) = try row.decode((Int, Date?).self)
                if count >= key.limit {
                    wait = max(wait, 1, Int((window - now.timeIntervalSince(oldest ?? now)).rounded(.up)))
                }
            }
            guard wait == 0 else { return wait }
            for key in keys {
                try await sql.execute(
                    #"INSERT INTO "attempt" ("key", "at", "expiresAt") VALUES ($1, $2, $3)"#,
                    [.text(key.name), .date(now), .date(now.addingTimeInterval(window))])
            }
            return nil
        }
    }

    func release(_ name: String, at: Date) async throws {
        try await store.write(keepingReads: true) { sql in
            try await sql.execute(
                #"DELETE FROM "attempt" WHERE "id" = (SELECT "id" FROM "attempt" WHERE "key" = $1 AND "at" = $2 LIMIT 1)"#,
                [.text(name), .date(at)])
        }
    }

    func clear(_ name: String) async throws {
        try await store.write(keepingReads: true) { sql in
            try await sql.execute(#"DELETE FROM "attempt" WHERE "key" = $1"#, [.text(name)])
        }
    }

    func sweep(now: Date) async throws {
        try await store.write(keepingReads: true) { sql in
            try await sql.execute(#"DELETE FROM "attempt" WHERE "expiresAt" < $1"#, [.date(now)])
        }
    }
}
