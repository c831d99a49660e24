import Foundation
import GRDB
import SignetFiles
import SignetModel

/// The hash chain over the record: every event row carries the hash of the row before it
/// (`prevHash`) and its own `hash = SHA-256(prevHash ‖ canonical(row))`, so a row edited,
/// deleted or slipped in between breaks the chain at that row.
///
/// One chain for the whole store, ordered by the row id, rather than one per session: a
/// session's rows are interleaved with every other session's, so deleting a whole session
/// (its rows go with it, `ON DELETE CASCADE`) still leaves a gap that the next row of any
/// session exposes, and a single head hash printed on a certificate anchors every row
/// written before it. Sessions are never deleted by the product, so the chain has no
/// legitimate gaps. The cost is one serialised head per store, which the single SQLite
/// writer serialises anyway.
///
/// Canonical content is length-prefixed fields, not JSON: no escaping or number-formatting
/// rules to get exactly right (RFC 8785 is easy to get subtly wrong), and each field is
/// taken exactly as stored, so the verifier needs nothing but the row. The encoding is a
/// domain tag `signet-event-v1`, then for each of id (decimal), at (the stored UTC text),
/// sessionId, kind, actor, ip, userAgent, detail (the stored JSON text): one byte 0 for
/// NULL, or one byte 1, an 8-byte big-endian length and the UTF-8 bytes. The hash input is
/// the 32 raw bytes of `prevHash` followed by that encoding.
enum EventChain {
    /// The `prevHash` of the first row.
    static let genesis = String(repeating: "0", count: 64)

    /// The fields hashed, in this order.
    static let columns = ["id", "at", "sessionId", "kind", "actor", "ip", "userAgent", "detail"]

    /// The last row's id and hash, read in the caller's write transaction.
    static func head(_ db: Database) throws -> (id: Int64, hash: String?)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1") else { return nil }
        return (row["id"], row["hash"])
    }

    /// Links the row `id`, just inserted in the caller's write transaction, to `prevHash`:
    /// hashes it as stored and writes both hashes. Reading the head and writing the row in
    /// one transaction is what keeps concurrent appends from forking the chain (and the
    /// unique index on `prevHash` refuses a fork should anything else try).
    static func link(_ db: Database, id: Int64, prevHash: String) throws -> String {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(selection) FROM event WHERE id = ?", arguments: [id]) else {
            throw SignetError(.internal, "event \(id) vanished before it was linked")
        }
        let hash = try self.hash(prevHash: prevHash, row: row)
        try db.execute(sql: "UPDATE event SET prevHash = ?, hash = ? WHERE id = ?", arguments: [prevHash, hash, id])
        return hash
    }

    /// The columns `hash(prevHash:row:)` reads, as SQL; `at` as its stored text.
    static let selection = "id, CAST(at AS TEXT) AS at, sessionId, kind, actor, ip, userAgent, detail"

    /// The hash of `row` (fetched with `selection`) after `prevHash`; throws if `prevHash`
    /// is not 64 hex digits.
    static func hash(prevHash: String, row: Row) throws -> String {
        try hash(prevHash: prevHash, canonical: canonical(row))
    }

    /// The hash of a row's `canonical` encoding after `prevHash`.
    static func hash(prevHash: String, canonical: [UInt8]) throws -> String {
        guard let previous = bytes(hex: prevHash) else {
            throw SignetError(.invalidInput, "the previous hash is not 64 hex digits")
        }
        return FileDigest.sha256(previous + canonical)
    }

    /// A date as SQLite holds it (GRDB's text, UTC, to the millisecond): what the chain hashes
    /// on every backend.
    static func storedText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: date)
    }

    /// The canonical encoding of a row (see the type's comment).
    static func canonical(_ row: Row) -> [UInt8] {
        canonical(columns.map { column in column == "id" ? (row[column] as Int64?).map(String.init) : row[column] })
    }

    /// The canonical encoding of a row's fields, given as their stored text in `columns`' order
    /// (a backend that does not store dates as text gives `storedText(_:)` of them).
    static func canonical(_ values: [String?]) -> [UInt8] {
        var out = Array("signet-event-v1".utf8)
        for value in values {
            guard let value else {
                out.append(0)
                continue
            }
            let utf8 = Array(value.utf8)
            out.append(1)
            let length = UInt64(utf8.count)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
            out += utf8
        }
        return out
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }

    /// Computes the chain over every row, oldest first (the migration that introduced it).
    static func rebuild(_ db: Database) throws {
        var previous = genesis
        let rows = try Row.fetchCursor(db, sql: "SELECT \(selection) FROM event ORDER BY id")
        var links: [(Int64, String, String)] = []
        while let row = try rows.next() {
            let hash = try self.hash(prevHash: previous, row: row)
            links.append((row["id"], previous, hash))
            previous = hash
        }
        for (id, prev, hash) in links {
            try db.execute(sql: "UPDATE event SET prevHash = ?, hash = ? WHERE id = ?", arguments: [prev, hash, id])
        }
    }
}
