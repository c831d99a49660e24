import Foundation

extension PostgresStore {
    /// Applies the migrations of `StoreMigrations.all` not applied yet, each in its own
    /// transaction, under the advisory lock: an instance that boots beside another waits for it,
    /// then finds the work done.
    func migrate() async throws {
        try await createSchemaIfMissing()
        for migration in StoreMigrations.all {
            try await write { sql in
                try await sql.lock("migrations")
                try await sql.execute(
                    #"CREATE TABLE IF NOT EXISTS "signet_migration" ("identifier" text PRIMARY KEY, "appliedAt" timestamptz NOT NULL)"#)
                try await Self.adoptFirstRelease(sql)
                let done = try await sql.value(
                    Int.self, #"SELECT count(*) FROM "signet_migration" WHERE "identifier" = $1"#, [.text(migration.identifier)])
                guard done == 0 else { return }
                for statement in migration.postgres { try await sql.execute(statement) }
                try await sql.execute(
                    #"INSERT INTO "signet_migration" ("identifier", "appliedAt") VALUES ($1, $2)"#,
                    [.text(migration.identifier), .date(Date())])
            }
        }
    }

    /// The first release on PostgreSQL kept its own list and recorded its first step as one
    /// identifier; a database it made has every step that step covered (the first of the one
    /// list and those with nothing to run on PostgreSQL), now recorded by their own names.
    private static func adoptFirstRelease(_ sql: SQLConnection) async throws {
        let legacy = "v1-v7: the schema of SQLite's migrations up to v7-lifecycle"
        let found = try await sql.value(
            Int.self, #"SELECT count(*) FROM "signet_migration" WHERE "identifier" = $1"#, [.text(legacy)])
        guard found == 1 else { return }
        let covered = [StoreMigrations.all[0]] + StoreMigrations.all.dropFirst().prefix(while: { $0.postgres.isEmpty })
        for migration in covered {
            try await sql.execute(
                #"INSERT INTO "signet_migration" ("identifier", "appliedAt") SELECT $1, "appliedAt" FROM "signet_migration" WHERE "identifier" = $2"#,
                [.text(migration.identifier), .text(legacy)])
        }
        try await sql.execute(#"DELETE FROM "signet_migration" WHERE "identifier" = $1"#, [.text(legacy)])
    }

    /// An address naming one schema (`?search_path=name`) gets it made when it is not there yet,
    /// so a deployment (or a test) may keep Signet's tables in a schema of their own. A schema
    /// that exists is left alone, so no right to create one is needed then.
    private func createSchemaIfMissing() async throws {
        guard let path = searchPath, !path.contains(","), !path.isEmpty else { return }
        // As PostgreSQL reads the setting: unquoted names are folded to lower case.
        let schema =
            path.hasPrefix("\"") && path.hasSuffix("\"") && path.count > 1 ? String(path.dropFirst().dropLast()) : path.lowercased()
        let exists = try await read { sql in
            try await sql.value(Bool.self, #"SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)"#, [.text(schema)])
        }
        guard exists != true else { return }
        let quoted = "\"" + schema.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        // IF NOT EXISTS alone races (two instances starting together both try to make it):
        // the first takes the lock and makes it, the next finds it there.
        try await write(keepingReads: true) { sql in
            try await sql.lock("schema:" + schema)
            try await sql.execute("CREATE SCHEMA IF NOT EXISTS \(quoted)")
        }
    }
}
