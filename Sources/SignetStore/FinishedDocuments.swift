import Foundation
import GRDB
import SignetModel

/// A document recorded as finished: where the record keeps it.
package struct FinishedDocument: Hashable, Sendable {
    package var sessionId: String
    package var interactionId: String
    package var finishedAt: Date?
}

extension Interactions {
    /// The finished document whose PDF has SHA-256 `sha256` (lowercase hex), if the record
    /// holds one: what `verify` asks to tell an untouched finished file from any other. Served
    /// by the `interaction_finished` index.
    package func finishedDocument(sha256: String) async throws -> FinishedDocument? {
        try await store.read { db in try Self.finishedDocument(db, sha256: sha256) }
    }

    static func finishedDocument(_ db: Database, sha256: String) throws -> FinishedDocument? {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT id, sessionId, completedAt FROM interaction
                WHERE kind = 'document' AND json_extract(payload, '$.document.finished') = ? LIMIT 1
                """, arguments: [sha256])
        guard let row else { return nil }
        return FinishedDocument(sessionId: row["sessionId"], interactionId: row["id"], finishedAt: row["completedAt"])
    }
}

extension Store {
    /// Opens the database at `path` only to read it (`signet verify --data`), next to a
    /// running server; refused when its schema is not this version's (older: start
    /// `signet serve` once to upgrade it; newer: use the newer `signet`).
    package static func openReadOnly(path: String) throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SignetError(.io, "no Signet database at \(path)")
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: config)
        let current = try queue.read { db in
            try StoreMigrations.migrator.hasCompletedMigrations(db) && !(try StoreMigrations.migrator.hasBeenSuperseded(db))
        }
        guard current else {
            throw SignetError(.io, "the database at \(path) is of another version of signet; run this version's signet serve on it once")
        }
        return Store(readOnly: queue)
    }
}
