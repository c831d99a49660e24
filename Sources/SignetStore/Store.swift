import Foundation
import GRDB
import NIOPosix

/// The session store: one SQLite database in WAL mode (full synchronous commits, so anything a
/// user was told is saved survives a power cut or a `kill -9`), migrated on open.
///
/// Every repository (`Sessions`, `Interactions`, `Accounts`, ...) reaches the database only
/// through `read` and `write`, both `async`: while SQLite works, or waits for the one writer,
/// the caller's cooperative thread serves other requests. Reads run on the pool's reader
/// connections, concurrently with each other and with the writer, and never open a write
/// transaction. GRDB stays behind this boundary: the repositories' public API has no GRDB type.
package final class Store: Sendable {
    /// The database (a WAL pool; a read-only queue for `openReadOnly`); reached directly only
    /// by the repositories' transactions and by tests.
    let writer: any DatabaseWriter
    /// Answers of repeated reads, forgotten at every write (`write` below).
    package let reads = ReadCache()
    /// Signalled after every write that changed a row (live streams wait on it).
    package let changes = ChangeSignal()
    /// For a scratch store, the folder that holds its files, removed with it.
    private let scratch: String?

    private init(writer: DatabasePool, scratch: String? = nil) throws {
        self.writer = writer
        self.scratch = scratch
        try StoreMigrations.migrator.migrate(writer)
    }

    /// A database opened read-only, already at this version's schema.
    init(readOnly queue: DatabaseQueue) {
        writer = queue
        scratch = nil
    }

    deinit {
        // The pool closes its connections when released; the files may go now (SQLite keeps
        // an unlinked file readable for connections still open).
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }

    /// Opens (creating if needed) the database at `path`.
    package static func open(path: String) throws -> Store {
        try Store(writer: DatabasePool(path: path, configuration: configuration(synchronous: "FULL")))
    }

    /// A private database in a scratch folder, removed when the store is released: for tests.
    /// It is a WAL pool like production's, so tests see reads beside writes as they happen there.
    package static func temporary() throws -> Store {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signet-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Nothing here must survive a power cut.
        let pool = try DatabasePool(path: folder + "/signet.sqlite", configuration: configuration(synchronous: "OFF"))
        return try Store(writer: pool, scratch: folder)
    }

    private static func configuration(synchronous: String) -> Configuration {
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL alone syncs at checkpoints only; FULL syncs every commit, which is what
            // "saved" promises.
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        return config
    }

    /// Runs `body` in a read-only transaction (one consistent snapshot), on a reader connection,
    /// on one of `readThreads`. GRDB's own async read takes three thread hops (its reader pool's
    /// one serial queue, then the reader connection's queue, then back to a cooperative thread),
    /// and every read of the process passes that one serial queue; here a read takes one hop out
    /// and one back, and reads run side by side (`Benchmarks/api_load.py`, paired runs: reads per
    /// second 1293 -> 1456, writes 79 -> 89). Reads stay off the cooperative threads: run there,
    /// they answered a quarter more reads but halved the writes, whose every resumption then
    /// queued behind the readers' whole requests.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.readThreads.runIfActive { try self.readHere(body) }
    }

    /// The threads that run reads: fewer than GRDB's reader connections (5), so a read never
    /// waits for a connection; apart from NIO's shared pool, where a quarter-second bcrypt hash
    /// would hold reads up. Never shut down, like that pool.
    private static let readThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        return pool
    }()

    /// GRDB's synchronous read, on the calling thread (a synchronous function, so GRDB's async
    /// overload cannot be chosen).
    private func readHere<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// Runs `body` in a write transaction: all of it commits, or none of it. A write, once asked
    /// for, is not given up when the asking task is cancelled (GRDB's async `write` would throw
    /// CancellationError instead): a cancelled batch job still records that it failed, a
    /// settled charge is still recorded when its client has gone.
    ///
    /// `keepingReads` is for writes of what no cached answer shows (the customers' last-seen
    /// times, which the console reads from the database): the read cache is not emptied.
    @discardableResult
    func write<T: Sendable>(keepingReads: Bool = false, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { done in
            writer.asyncWrite { db in
                let before = db.totalChangesCount
                return (try body(db), changed: db.totalChangesCount != before)
            } completion: { [reads, changes] _, result in
                // Committed by now: what was read before is forgotten before the caller is
                // answered. A write that changed no row (a poll that found nothing due) keeps it.
                if !keepingReads, case .success((_, changed: true)) = result {
                    reads.invalidate()
                    changes.signal()
                }
                done.resume(with: result.map { $0.0 })
            }
        }
    }
}
