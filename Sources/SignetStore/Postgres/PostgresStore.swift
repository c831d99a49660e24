import Foundation
import Logging
import PostgresNIO
import SignetModel

/// The session store on PostgreSQL, for several `signet serve` instances sharing one database:
/// a pool of connections (PostgresNIO's client, run by the store itself), migrated on open under
/// an advisory lock so instances booting together agree.
///
/// Every repository reaches the database through `read` and `write` below; `write` is one
/// transaction (READ COMMITTED, PostgreSQL's default), retried once when PostgreSQL gives up
/// on it for a deadlock or a serialization failure. What needs more than READ COMMITTED takes
/// its locks itself: the session aggregate locks the session row (`SELECT … FOR UPDATE`), the
/// record's hash chain takes an advisory lock while it links its rows.
package final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let listener: Task<Void, Never>?
    /// Answers of repeated reads, forgotten at every write this process commits.
    package let reads = ReadCache()
    /// Signalled after every write this process commits (live streams wait on it).
    package let changes = ChangeSignal()
    /// Which database this is, without its password (for the logs).
    package let description: String
    /// The address's `search_path`, when it names one.
    let searchPath: String?

    /// A database address: `postgres://user[:password]@host[:port]/database`, with optional
    /// `?host=/socket/folder` (a Unix socket), `?search_path=schema` (the tests' own schema),
    /// `?sslmode=disable|require` and `?connections=N` (the pool's size, default 20).
    package struct Address: Sendable, Equatable {
        var host: String
        var port: Int
        var socket: String?
        var user: String
        var password: String?
        var database: String
        var searchPath: String?
        var requireTLS: Bool
        /// The most connections to hold (`?connections=N`).
        var connections: Int?

        /// Parses `url`; nil when it is not a `postgres://` or `postgresql://` URL.
        package init?(_ url: String) {
            guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? "") else { return nil }
            let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
            host = parts.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
            port = parts.port ?? 5432
            socket = query["host"].flatMap { $0.hasPrefix("/") ? $0 + "/.s.PGSQL.\(parts.port ?? 5432)" : nil }
            user = parts.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
            password = parts.password.flatMap { $0.removingPercentEncoding }
            let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
            database = path.isEmpty ? user : path
            searchPath = query["search_path"].flatMap { $0.isEmpty ? nil : $0 }
            requireTLS = query["sslmode"] == "require"
            connections = query["connections"].flatMap { Int($0) }.flatMap { (1...500).contains($0) ? $0 : nil }
        }

        /// The address with a password hidden.
        var redacted: String {
            "postgres://\(user)@\(socket ?? "\(host):\(port)")/\(database)" + (searchPath.map { " (schema \($0))" } ?? "")
        }
    }

    /// Connects to `url` (see `Address`) with at most `connections` connections, and migrates the
    /// database. Throws `invalidInput` naming `database` for an address it cannot read.
    package static func open(url: String, connections: Int = 20, logger: Logger = Logger(label: "signet.postgres")) async throws
        -> PostgresStore
    {
        guard let address = Address(url) else {
            throw SignetError(.invalidInput, "the database address must look like postgres://user@host:port/database", field: "database")
        }
        let store = PostgresStore(address: address, connections: address.connections ?? connections, logger: logger)
        do {
            try await store.migrate()
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// A new, empty schema in the database at `url`, for one test (as `Store.temporary` is a
    /// scratch SQLite file); answers the address that uses it, with a small pool.
    package static func scratch(url: String) async throws -> String {
        guard let address = Address(url) else { throw SignetError(.invalidInput, "not a postgres:// address: \(url)", field: "database") }
        let store = PostgresStore(address: address, connections: 2, logger: Logger(label: "signet.postgres.scratch"))
        defer { store.close() }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await store.write { sql in try await sql.execute("CREATE SCHEMA \"\(schema)\"") }
        return url + (url.contains("?") ? "&" : "?") + "search_path=\(schema)&connections=4"
    }

    /// `listening`: follow other instances' writes (a server does; a one-off read such as an
    /// audit does not, and keeps its one connection for itself).
    init(address: Address, connections: Int, logger: Logger, listening: Bool = true) {
        var configuration =
            if let socket = address.socket {
                PostgresClient.Configuration(
                    unixSocketPath: socket, username: address.user, password: address.password, database: address.database)
            } else {
                PostgresClient.Configuration(
                    host: address.host, port: address.port, username: address.user, password: address.password, database: address.database,
                    tls: address.requireTLS ? .require(.makeClientConfiguration()) : .disable)
            }
        configuration.options.maximumConnections = connections
        if let searchPath = address.searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        description = address.redacted
        runner = Task { await client.run() }
        searchPath = address.searchPath
        let channel = Self.channel(searchPath: address.searchPath)
        self.channel = channel
        listener =
            listening
            ? Task { [reads, changes] in await Self.listen(client, on: channel, reads: reads, changes: changes, logger: logger) } : nil
    }

    deinit {
        listener?.cancel()
        runner.cancel()
    }

    /// Stops the connection pool (its connections close); queries after this fail.
    package func close() {
        listener?.cancel()
        runner.cancel()
    }

    /// The channel every committed write notifies (no payload: followers read the tables).
    /// Notifications belong to the whole database, so a schema of its own gets a channel of its
    /// own: instances of one deployment share it, and the tests' schemas do not wake each other.
    let channel: String

    static func channel(searchPath: String?) -> String {
        guard let searchPath else { return "signet" }
        return "signet_"
            + String(searchPath.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "_" }.prefix(50))
    }

    /// Follows the writes of every instance on the database: each notification wakes this
    /// instance's live streams and empties its read cache, as its own writes do. Notifications
    /// sent while the connection was down are lost, so every (re)connection wakes everyone once;
    /// the streams' own slow poll covers the rest.
    private static func listen(_ client: PostgresClient, on channel: String, reads: ReadCache, changes: ChangeSignal, logger: Logger) async
    {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        reads.invalidate()
                        changes.signal()
                        for try await _ in notifications {
                            reads.invalidate()
                            changes.signal()
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("the database's notifications stopped; listening again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Whether the database answers now (`/health`).
    package func reachable() async -> Bool {
        (try? await client.query("SELECT 1", logger: logger).collect().count) == 1
    }

    // MARK: - Transactions

    /// Runs `body` on one connection, outside any transaction: each statement sees what was
    /// committed when it started. Reads that need one snapshot over several statements say so
    /// (`snapshot`).
    func read<T: Sendable>(snapshot: Bool = false, _ body: (SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let sql = SQLConnection(connection: connection, logger: logger)
            guard snapshot else { return try await body(sql) }
            try await sql.execute("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let value = try await body(sql)
                try await sql.execute("COMMIT")
                return value
            } catch {
                try? await sql.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in one transaction: all of it commits, or none of it. A deadlock or a
    /// serialization failure runs it once more. A write, once asked for, is not given up when
    /// the asking task is cancelled (as on SQLite): a charge settled is recorded all the same.
    @discardableResult
    func write<T: Sendable>(keepingReads: Bool = false, _ body: @escaping @Sendable (SQLConnection) async throws -> T) async throws -> T {
        let value = try await Task { [client, logger, channel] in
            var attempt = 0
            while true {
                attempt += 1
                do {
                    return try await client.withConnection { connection in
                        let sql = SQLConnection(connection: connection, logger: logger)
                        try await sql.execute("BEGIN")
                        do {
                            let value = try await body(sql)
                            // Delivered to every listening instance when (and only if) this commits.
                            if !keepingReads { try await sql.execute("NOTIFY \(channel)") }
                            try await sql.execute("COMMIT")
                            return value
                        } catch {
                            try? await sql.execute("ROLLBACK")
                            throw error
                        }
                    }
                } catch let error as PSQLError where attempt == 1 && ["40001", "40P01"].contains(error.serverInfo?[.sqlState] ?? "") {
                    continue
                }
            }
        }.value
        if !keepingReads { reads.invalidate() }
        changes.signal()
        return value
    }
}

/// One connection as the repositories use it: SQL with `$n` parameters, rows decoded into records.
struct SQLConnection {
    let connection: PostgresConnection
    let logger: Logger

    private func query(_ sql: String, _ arguments: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments { argument.bind(into: &bindings) }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Takes the transaction-level advisory lock named `name` in this schema (held to commit).
    /// Advisory locks belong to the whole database: keyed by the schema too, instances of one
    /// deployment share each lock, while databases shared by schemas (the tests') do not.
    func lock(_ name: String) async throws {
        try await execute("SELECT pg_advisory_xact_lock(hashtextextended(coalesce(current_schema(), '') || ':' || $1, 0))", [.text(name)])
    }

    /// Runs a statement; answers the rows it returned (for `RETURNING`), none otherwise.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue] = []) async throws -> [PostgresRow] {
        do {
            return try await connection.query(query(sql, arguments), logger: logger).collect()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreDuplicate(constraint: error.serverInfo?[.constraintName] ?? "")
        }
    }

    func fetchAll<R: Decodable>(_ type: R.Type, _ sql: String, _ arguments: [SQLValue] = []) async throws -> [R] {
        try await execute(sql, arguments).map { try RowDecoder.decode(R.self, from: $0) }
    }

    func fetchOne<R: Decodable>(_ type: R.Type, _ sql: String, _ arguments: [SQLValue] = []) async throws -> R? {
        try await fetchAll(type, sql, arguments).first
    }

    /// The first column of the first row, or nil.
    func value<V: PostgresDecodable>(_ type: V.Type, _ sql: String, _ arguments: [SQLValue] = []) async throws -> V? {
        guard let row = try await execute(sql, arguments).first else { return nil }
        let cell = row.makeRandomAccess()[0]
        return cell.bytes == nil ? nil : try cell.decode(V.self)
    }

    /// The tables whose `id` is an identity column (SQLite's auto-incremented row ids).
    static let identityTables: Set<String> = [
        "outbox", "event", "contact", "reviewNote", "customerCode", "webhookDelivery", "webhookAttempt",
    ]

    /// Inserts `record` into `table`; in an identity table a nil `id` is left to the database,
    /// and the id given comes back.
    @discardableResult
    func insert<R: Encodable>(_ record: R, into table: String) async throws -> Int64? {
        var columns = try RecordColumns.of(record)
        var generated = false
        if Self.identityTables.contains(table), let index = columns.firstIndex(where: { $0.name == "id" }),
            case .null = columns[index].value
        {
            columns.remove(at: index)
            generated = true
        }
        let names = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let places = columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let sql = "INSERT INTO \"\(table)\" (\(names)) VALUES (\(places))" + (generated ? " RETURNING id" : "")
        let rows = try await execute(sql, columns.map(\.value))
        guard generated, let row = rows.first else { return nil }
        return try row.makeRandomAccess()[0].decode(Int64.self)
    }

    /// Updates every column of `record` in `table`, the row found by its `key` columns.
    func update<R: Encodable>(_ record: R, in table: String, key: [String] = ["id"]) async throws {
        let columns = try RecordColumns.of(record)
        let set = columns.enumerated().filter { !key.contains($0.element.name) }
        let keys = key.map { name in columns.firstIndex { $0.name == name }! }
        let assignments = set.map { "\"\($0.element.name)\" = $\($0.offset + 1)" }.joined(separator: ", ")
        let condition = keys.map { "\"\(columns[$0].name)\" = $\($0 + 1)" }.joined(separator: " AND ")
        try await execute("UPDATE \"\(table)\" SET \(assignments) WHERE \(condition)", columns.map(\.value))
    }

    /// Inserts `record`, or updates every column of the row with the same `key`.
    func upsert<R: Encodable>(_ record: R, into table: String, key: [String]) async throws {
        let columns = try RecordColumns.of(record)
        let names = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let places = columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let updates = columns.filter { !key.contains($0.name) }.map { "\"\($0.name)\" = excluded.\"\($0.name)\"" }.joined(separator: ", ")
        let conflict = key.map { "\"\($0)\"" }.joined(separator: ", ")
        try await execute(
            "INSERT INTO \"\(table)\" (\(names)) VALUES (\(places)) ON CONFLICT (\(conflict)) DO UPDATE SET \(updates)",
            columns.map(\.value))
    }
}

/// A row that a unique constraint refused (SQLSTATE 23505), with the constraint's name.
struct StoreDuplicate: Error {
    var constraint: String
}
