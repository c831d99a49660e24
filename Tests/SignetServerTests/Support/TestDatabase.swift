import Foundation
import SignetStore
import Testing

/// Which database the suite runs on: SQLite (a scratch file per server) unless
/// SIGNET_TEST_DATABASE_URL names a PostgreSQL database (`scripts/with-postgres` sets it), where
/// each server gets a schema of its own.
enum TestDatabase {
    static let url = ProcessInfo.processInfo.environment["SIGNET_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// The database address a new test server uses: a fresh schema on PostgreSQL, nil on SQLite.
    static func scratch() async throws -> String? {
        guard let url else { return nil }
        return try await PostgresStore.scratch(url: url)
    }
}

extension Trait where Self == ConditionTrait {
    /// For tests that read or write SQLite's own file or connection (the record's audit, raw
    /// SQL, a database file shared by two servers): skipped on PostgreSQL.
    static var sqliteOnly: Self { .enabled(if: TestDatabase.url == nil, "reads or writes the SQLite database itself") }
}
