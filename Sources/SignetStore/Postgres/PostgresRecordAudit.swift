import Foundation
import Logging
import SignetModel

extension PostgresStore {
    /// Connects to `url` without migrating anything (an audit never touches the evidence); the
    /// database must be at this version's schema.
    package static func openReadOnly(url: String) async throws -> PostgresStore {
        guard let address = Address(url) else {
            throw SignetError(.invalidInput, "the database address must look like postgres://user@host:port/database", field: "database")
        }
        let store = PostgresStore(address: address, connections: 1, logger: Logger(label: "signet.postgres"), listening: false)
        do {
            let applied = try await store.read { sql in
                guard try await sql.value(Bool.self, #"SELECT to_regclass('"signet_migration"') IS NOT NULL"#) == true else {
                    return Set<String>()
                }
                return Set(try await sql.execute(#"SELECT "identifier" FROM "signet_migration""#).map { try $0.decode(String.self) })
            }
            guard applied == Set(StoreMigrations.all.map(\.identifier)) else {
                throw SignetError(
                    .io, "the database at \(address.redacted) is not at this version's schema; run this version's signet serve on it once")
            }
        } catch {
            store.close()
            throw error
        }
        return store
    }
}

extension RecordAudit {
    /// Audits the record in the PostgreSQL database at `url`, in one snapshot, reading only.
    ///
    /// Unlike SQLite's AUTOINCREMENT counter, a PostgreSQL sequence is not transactional: an
    /// append rolled back still uses its id, so the highest id given out cannot show rows cut
    /// from the end here. The head hash printed on each certificate of completion anchors them.
    package static func verify(databaseURL url: String) async throws -> Report {
        let store = try await PostgresStore.openReadOnly(url: url)
        defer { store.close() }
        return try await store.read(snapshot: true) { sql in
            var walk = Walk()
            let rows = try await sql.execute(
                #"""
                SELECT "id", "at", "sessionId", "kind", "actor", "ip", "userAgent", "detail", "prevHash", "hash"
                FROM "event" ORDER BY "id"
                """#)
            for row in rows {
                let (id, at, session, kind, actor, ip, userAgent, detail, prevHash, hash) = try row.decode(
                    (Int64, Date, String, String, String, String?, String?, String?, String?, String?).self)
                let canonical = EventChain.canonical([
                    String(id), EventChain.storedText(at), session, kind, actor, ip, userAgent, detail,
                ])
                guard walk.check(id: id, prevHash: prevHash, hash: hash, canonical: canonical) else { break }
            }
            return walk.finish(handedOut: nil)
        }
    }
}
