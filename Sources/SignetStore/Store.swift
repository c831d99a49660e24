import Foundation
import GRDB

/// The session store: one SQLite database (WAL, full synchronous commits, so anything a user
/// was told is saved survives a power cut or a `kill -9`), migrated on open.
public final class Store: Sendable {
    /// The database; GRDB serialises writes and runs reads concurrently.
    public let writer: any DatabaseWriter

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try StoreMigrations.migrator.migrate(writer)
    }

    /// A database opened read-only, already at this version's schema.
    init(readOnly queue: DatabaseQueue) {
        writer = queue
    }

    /// Opens (creating if needed) the database at `path`.
    public static func open(path: String) throws -> Store {
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL alone syncs at checkpoints only; FULL syncs every commit, which is what
            // "saved" promises.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        return try Store(writer: DatabasePool(path: path, configuration: config))
    }

    /// A private in-memory database, for tests.
    public static func inMemory() throws -> Store {
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        return try Store(writer: DatabaseQueue(configuration: config))
    }
}
