import Foundation
import GRDB
import SignetModel

/// Walks the record's hash chain (see `EventChain`) and names the first row that does not
/// match: one edited (its hash no longer fits its content), one deleted or slipped in (the
/// next row's `prevHash` no longer names the row before it), or rows cut from the end
/// (SQLite's AUTOINCREMENT counter remembers ids handed out past the last row). A chain
/// cannot see its own tail being rewritten by someone who recomputes every later hash; the
/// head hash printed on each certificate of completion is what anchors it.
package struct RecordAudit: Sendable {
    /// What the walk found.
    package struct Report: Sendable, Equatable {
        /// Rows checked.
        package var rows: Int
        /// The last row's id and hash (nil for an empty record).
        package var headId: Int64?
        package var headHash: String?
        /// The first break, or nil when the chain is intact.
        package var problem: Problem?

        package var intact: Bool { problem == nil }
    }

    /// Where and why the chain breaks.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The row that does not match (for a cut tail: the last row left).
        package var row: Int64
        package var reason: String

        package var description: String { "row \(row): \(reason)" }
    }

    /// Audits the database file at `path`, opened read-only: the evidence is never touched.
    package static func verify(databaseAt path: String) throws -> Report {
        guard FileManager.default.fileExists(atPath: path) else { throw SignetError(.io, "there is no database at \(path)") }
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        return try queue.read { db in try verify(db) }
    }

    /// Audits the store's record.
    package static func verify(_ store: Store) throws -> Report {
        try store.writer.read { db in try verify(db) }
    }

    static func verify(_ db: Database) throws -> Report {
        let columns = try db.columns(in: "event").map(\.name)
        guard columns.contains("hash") else {
            throw SignetError(
                .invalidInput, "this database predates the hash-chained record; run `signet serve` on it once to migrate it")
        }
        var walk = Walk()
        let rows = try Row.fetchCursor(db, sql: "SELECT \(EventChain.selection), prevHash, hash FROM event ORDER BY id")
        while let row = try rows.next() {
            guard walk.check(id: row["id"], prevHash: row["prevHash"], hash: row["hash"], canonical: EventChain.canonical(row)) else {
                return walk.report
            }
        }
        // AUTOINCREMENT never hands out an id twice and remembers the highest one used, in the
        // same transactions as the rows.
        return walk.finish(handedOut: try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'"))
    }

    /// The walk over the record's rows in id order, fed by either backend.
    struct Walk {
        private(set) var report = Report(rows: 0)
        private var previous: (id: Int64, hash: String)?

        /// Checks the next row, given as stored and by its canonical encoding; false once the
        /// chain is broken (the report names the row and why).
        mutating func check(id: Int64, prevHash: String?, hash: String?, canonical: [UInt8]) -> Bool {
            report.rows += 1
            report.headId = id
            report.headHash = hash
            let expected = previous?.hash ?? EventChain.genesis
            func broken(_ reason: String) -> Bool {
                report.problem = Problem(row: id, reason: reason)
                return false
            }
            guard let prevHash, let hash else { return broken("the row has no hash: it was inserted outside Signet") }
            guard prevHash == expected else {
                return broken(
                    previous.map {
                        "its previous hash does not match row \($0.id): a row between them was deleted or inserted, or row \($0.id) was edited"
                    }
                        ?? "the first row does not start the chain: rows before it were deleted")
            }
            guard (try? EventChain.hash(prevHash: prevHash, canonical: canonical)) == hash else {
                return broken("its content does not match its hash: the row was edited")
            }
            previous = (id, hash)
            return true
        }

        /// The report once every row is checked; `handedOut`: the highest id the database has
        /// given a row, when it keeps that with the rows (rows cut from the end show there).
        mutating func finish(handedOut: Int64?) -> Report {
            if report.intact, let handedOut, handedOut > (previous?.id ?? 0) {
                report.problem = Problem(
                    row: previous?.id ?? 0,
                    reason: "rows up to id \(handedOut) were written but the record ends here: rows were deleted from its end")
            }
            return report
        }
    }
}
