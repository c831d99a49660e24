import Foundation
import GRDB
import Testing

@testable import SignetModel
@testable import SignetStore

/// The PostgreSQL store against a real server (`scripts/with-postgres`), beside the whole
/// server suite that runs on it too: the schema kept in step with SQLite's, and what only
/// several connections (several instances) can show: one winner among concurrent changes to
/// one session, each outbox message claimed once.
@Suite("PostgreSQL store", .enabled(if: TestDatabase.url != nil, "needs SIGNET_TEST_DATABASE_URL (scripts/with-postgres)"))
struct PostgresStoreTests {
    /// Runs `body` with two stores on one fresh schema, as two instances would be, and an
    /// agent's account made through the first; both are closed afterwards.
    static func withTwoInstances(_ body: (PostgresStore, PostgresStore, UserRecord) async throws -> Void) async throws {
        let url = try #require(try await TestDatabase.scratch())
        async let first = PostgresStore.open(url: url)
        async let second = PostgresStore.open(url: url)
        let (a, b) = try await (first, second)
        defer {
            a.close()
            b.close()
        }
        let agent = try await a.accounts(bcryptCost: 4).create(
            email: "agent@example.com", name: "Agent", role: .agent, password: "horse-battery-1")
        try await body(a, b, agent)
    }

    @Test("the one migration list gives the same tables, columns and nullability on both backends")
    func schemaParity() async throws {
        let sqlite = try Store.temporary()
        let lite = try await sqlite.read { db in
            var columns: [String: [String: Bool]] = [:]
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "PRAGMA table_info(\"\(table)\")") {
                    // SQLite's primary keys may hold NULL unless declared NOT NULL; PostgreSQL's never do.
                    let notNull: Bool = row["notnull"] || (row["pk"] as Int) > 0
                    columns[table, default: [:]][row["name"] as String] = !notNull
                }
            }
            return columns
        }
        let postgres = try await PostgresStore.open(url: try #require(try await TestDatabase.scratch()))
        defer { postgres.close() }
        let pg = try await postgres.read { sql in
            var columns: [String: [String: Bool]] = [:]
            let rows = try await sql.execute(
                """
                SELECT table_name, column_name, is_nullable FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name != 'signet_migration'
                """)
            for row in rows {
                let (table, column, nullable) = try row.decode((String, String, String).self)
                columns[table, default: [:]][column] = nullable == "YES"
            }
            return columns
        }
        #expect(Set(pg.keys) == Set(lite.keys))
        for table in lite.keys.sorted() {
            #expect(pg[table] == lite[table], "table \(table)")
        }
    }

    @Test("a database made by the first PostgreSQL release (its first step under one identifier) opens, and the later steps run")
    func firstReleaseAdopted() async throws {
        let url = try #require(try await TestDatabase.scratch())
        let made = try await PostgresStore.open(url: url)
        // Back to what the first release left: its one identifier for the steps up to
        // v7-lifecycle, and none of the steps after v8-attempts.
        let legacy = "v1-v7: the schema of SQLite's migrations up to v7-lifecycle"
        let covered = StoreMigrations.all.prefix { $0.identifier.hasPrefix("v1") || $0.postgres.isEmpty }.map(\.identifier)
        let later = StoreMigrations.all.drop { !$0.identifier.hasPrefix("v9") }.map(\.identifier)
        #expect(covered.count == 15 && covered.last == "v7-lifecycle: completion time, reminder plans, settings")
        try await made.write { sql in
            for identifier in covered + later {
                try await sql.execute(#"DELETE FROM "signet_migration" WHERE "identifier" = $1"#, [.text(identifier)])
            }
            try await sql.execute(#"INSERT INTO "signet_migration" ("identifier", "appliedAt") VALUES ($1, now())"#, [.text(legacy)])
            try await sql.execute(#"ALTER TABLE "batchJob" DROP COLUMN "handoffs""#)
        }
        made.close()

        let again = try await PostgresStore.open(url: url)
        defer { again.close() }
        let recorded = try await again.read { sql in
            try await sql.execute(#"SELECT "identifier" FROM "signet_migration""#).map { try $0.decode(String.self) }
        }
        #expect(Set(recorded) == Set(StoreMigrations.all.map(\.identifier)))
        let handoffs = try await again.read { sql in
            try await sql.value(
                Int.self,
                #"SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'handoffs'"#)
        }
        #expect(handoffs == 1, "the step after the first release's ran")
    }

    @Test("twenty concurrent finishes of one session from two instances: exactly one wins, one completed event")
    func oneWinner() async throws {
        try await Self.withTwoInstances { a, b, agent in
            let session = SessionRecord(
                id: UUID().uuidString.lowercased(), agentId: agent.id, customerName: "Grace Hopper", email: "grace@example.com",
                channel: .email,
                state: .active, delivery: .sent, lifetimeSeconds: 3600, createdAt: Date())
            _ = try await a.insertSession(session) { change in change.record("created", by: .system, now: Date()) }
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<20 {
                    let store = index % 2 == 0 ? a : b
                    group.addTask {
                        do {
                            _ = try await store.withSession(session.id) { change in
                                guard change.session.state == .active else { throw SignetError(.conflict, "already completed") }
                                change.session.state = .completed
                                change.record("completed", by: .system, now: Date())
                            }
                            return true
                        } catch let error as SignetError where error.code == .conflict {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            let events = try await b.events.events(session: session.id, after: 0)
            #expect(events.filter { $0.kind == "completed" }.count == 1)
            #expect(try await b.session(id: session.id, now: Date())?.state == .completed)
            // The record's chain links every row to the one before it, in id order.
            let rows = try await a.read { sql in try await sql.fetchAll(EventRecord.self, #"SELECT * FROM "event" ORDER BY "id""#) }
            #expect(rows.first?.prevHash == EventChain.genesis)
            #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.hash == $1.prevHash })
        }
    }

    @Test("200 messages due at once, claimed by two instances in turns: each claimed exactly once")
    func outboxClaimedOnce() async throws {
        try await Self.withTwoInstances { a, b, agent in
            let now = Date()
            let session = SessionRecord(
                id: UUID().uuidString.lowercased(), agentId: agent.id, customerName: "Ada", email: "ada@example.com", channel: .email,
                state: .invited, delivery: .queued, lifetimeSeconds: 3600, createdAt: now)
            _ = try await a.insertSession(session) { change in
                for index in 0..<200 {
                    change.queue(
                        OutboxRecord(
                            sessionId: session.id, channel: .email, recipient: "ada@example.com", subject: "\(index)", body: "", link: "",
                            nextAttemptAt: now, createdAt: now))
                }
            }
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for index in 0..<8 {
                    let store = index % 2 == 0 ? a : b
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await store.outbox.claimDue(now: now.addingTimeInterval(1), lease: 120, limit: 10)
                            if batch.isEmpty { return mine }
                            mine += batch.compactMap(\.id)
                        }
                    }
                }
                return try await group.reduce([]) { $0 + $1 }
            }
            #expect(claimed.count == 200)
            #expect(Set(claimed).count == 200)
        }
    }

    @Test("idle polls of the outbox and the webhook queue commit nothing: the other instance's read cache stays")
    func idlePollsKeepCaches() async throws {
        try await Self.withTwoInstances { a, b, _ in
            // b listens once a write of a's empties its cache (its listener connects on its own time).
            var listening = false
            for attempt in 0..<100 where !listening {
                _ = try await b.reads.remember("k") { 0 }
                _ = try await a.accounts(bcryptCost: 4).create(
                    email: "agent\(attempt)@example.com", name: "Agent", role: .agent, password: "horse-battery-1")
                try await Task.sleep(for: .milliseconds(100))
                listening = try await b.reads.remember("k") { 1 } == 1
            }
            #expect(listening)
            // An earlier attempt's notification may have been the one that arrived: this
            // attempt's may still be on its way. Go on only once b's cache stays set.
            var cached = try await b.reads.remember("k") { 10 }
            var quiet = false
            for attempt in 0..<20 where !quiet {
                try await Task.sleep(for: .milliseconds(300))
                let now = try await b.reads.remember("k") { 11 + attempt }
                quiet = now == cached
                cached = now
            }
            #expect(quiet)
            for _ in 0..<3 {
                #expect(try await a.outbox.claimDue(now: Date(), lease: 60, limit: 10).isEmpty)
                #expect(try await a.webhooks.claimDue(now: Date(), lease: 60, limit: 10).isEmpty)
            }
            // A NOTIFY would reach b within milliseconds; give it time to arrive if one was sent.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await b.reads.remember("k") { 2 } == cached)
            // A real write still empties it.
            _ = try await a.accounts(bcryptCost: 4).create(
                email: "last@example.com", name: "Agent", role: .agent, password: "horse-battery-1")
            var emptied = false
            for _ in 0..<40 where !emptied {
                emptied = try await b.reads.remember("k") { 3 } == 3
                if !emptied { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(emptied)
        }
    }
}

extension PostgresStoreTests {
    @Test("30 batch jobs claimed by two instances at once: each claimed exactly once")
    func jobsClaimedOnce() async throws {
        try await Self.withTwoInstances { a, b, agent in
            let now = Date()
            for index in 0..<30 {
                try await a.batchJobs.save(
                    BatchJobRecord(id: "job-\(index)", userId: agent.id, kind: .fill, template: "t", dryRun: true, createdAt: now))
            }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for index in 0..<6 {
                    let store = index % 2 == 0 ? a : b
                    group.addTask {
                        var mine: [String] = []
                        while let job = try await store.batchJobs.claim(instance: "i\(index)", now: now, lease: 60) { mine.append(job.id) }
                        return mine
                    }
                }
                return try await group.reduce([]) { $0 + $1 }
            }
            #expect(claimed.count == 30 && Set(claimed).count == 30)
        }
    }
}
