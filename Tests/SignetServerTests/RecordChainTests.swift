import Foundation
import GRDB
import HummingbirdTesting
import Testing

@testable import SignetStore

/// The hash-chained record, on a real database file: a clean copy verifies, and a row
/// edited, deleted, inserted or cut from the end is named; concurrent appends keep one chain.
@Suite("hash-chained record", .sqliteOnly)
struct RecordChainTests {
    /// A server on disk with two sessions' worth of events, interleaved.
    func recorded() async throws -> TestServer {
        let server = try await TestServer(onDisk: true)
        let agent = Actor(name: "agent:\(server.agent.id)", ip: "192.0.2.7", userAgent: "Tests/1.0 «Ünïcode»")
        let customer = CustomerContact(name: "Amara Okafor", phone: nil, email: "amara@example.com", channel: .email)
        let a = try await server.services.sessions.create(agent: server.agent, customer: customer, invite: true, by: agent)
        let b = try await server.services.sessions.create(agent: server.agent, customer: customer, invite: false, by: agent)
        for i in 0..<3 {
            try await server.services.events.append(
                session: a.id, kind: "noted", actor: agent, detail: ["n": "\(i)", "text": "a \"quoted\" ✓"])
            try await server.services.events.append(session: b.id, kind: "noted", actor: .system)
        }
        return server
    }

    /// A consistent copy of the server's database (WAL folded in), as an auditor would take it.
    func copy(_ server: TestServer) throws -> String {
        let path = NSTemporaryDirectory() + "signet-record-\(UUID().uuidString).sqlite"
        try server.services.store!.writer.backup(to: DatabaseQueue(path: path))
        return path
    }

    func tamper(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
    }

    func ids(_ path: String) throws -> [Int64] {
        try DatabaseQueue(path: path).read { db in try Int64.fetchAll(db, sql: "SELECT id FROM event ORDER BY id") }
    }

    @Test("a clean copy verifies, with every row counted and the last row's hash as head")
    func clean() async throws {
        let server = try await recorded()
        let path = try copy(server)
        let report = try RecordAudit.verify(databaseAt: path)
        #expect(report.intact, "\(String(describing: report.problem))")
        let rows = try ids(path)
        #expect(report.rows == rows.count && rows.count >= 8)
        #expect(report.headId == rows.last)
        #expect(report.headHash?.count == 64)
    }

    @Test("an edited row is named: its content no longer matches its hash")
    func edited() async throws {
        let path = try copy(try await recorded())
        let victim = try ids(path)[3]
        try tamper(path, "UPDATE event SET ip = '203.0.113.66' WHERE id = \(victim)")
        let problem = try #require(try RecordAudit.verify(databaseAt: path).problem)
        #expect(problem.row == victim)
        #expect(problem.reason.contains("edited"))
    }

    @Test("an edit that also forges the row's hash is still named at that row")
    func editedAndRehashed() async throws {
        let path = try copy(try await recorded())
        let rows = try ids(path)
        try tamper(path, "UPDATE event SET actor = 'customer', hash = '\(String(repeating: "ab", count: 32))' WHERE id = \(rows[2])")
        let problem = try #require(try RecordAudit.verify(databaseAt: path).problem)
        // The next row's prevHash names the old hash; the forged one does not fit the content either.
        #expect(problem.row == rows[2])
    }

    @Test("a deleted row is noticed at the row after it")
    func deleted() async throws {
        let path = try copy(try await recorded())
        let rows = try ids(path)
        try tamper(path, "DELETE FROM event WHERE id = \(rows[4])")
        let problem = try #require(try RecordAudit.verify(databaseAt: path).problem)
        #expect(problem.row == rows[5])
        #expect(problem.reason.contains("deleted or inserted"))
    }

    @Test("a deleted whole session (its rows cascade) is noticed too")
    func deletedSession() async throws {
        let server = try await recorded()
        let path = try copy(server)
        let session = try await DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT sessionId FROM event ORDER BY id DESC LIMIT 1")!
        }
        try tamper(path, "PRAGMA foreign_keys = ON; DELETE FROM session WHERE id = '\(session)'")
        #expect(try RecordAudit.verify(databaseAt: path).problem != nil)
    }

    @Test("a row inserted at the end, or in a gap, is named")
    func inserted() async throws {
        let path = try copy(try await recorded())
        let rows = try ids(path)
        let next = rows.last! + 1
        try tamper(
            path,
            """
            INSERT INTO event (id, sessionId, at, kind, actor, ip, userAgent, detail, prevHash, hash)
            SELECT \(next), sessionId, at, 'completed', 'customer', ip, userAgent, detail, hash, hash FROM event WHERE id = \(rows.last!)
            """)
        let problem = try #require(try RecordAudit.verify(databaseAt: path).problem)
        #expect(problem.row == next)

        // A row put back where one was deleted, carrying that row's old hashes.
        let gap = try copy(try await recorded())
        let gapRows = try ids(gap)
        try tamper(
            gap,
            """
            CREATE TEMP TABLE saved AS SELECT * FROM event WHERE id = \(gapRows[3]);
            DELETE FROM event WHERE id = \(gapRows[3]);
            INSERT INTO event (id, sessionId, at, kind, actor, ip, userAgent, detail, prevHash, hash)
            SELECT id, sessionId, at, 'declined', actor, ip, userAgent, detail, prevHash, hash FROM saved;
            """)
        #expect(try RecordAudit.verify(databaseAt: gap).problem?.row == gapRows[3])
    }

    @Test("rows cut from the end are noticed through the id counter")
    func cutTail() async throws {
        let path = try copy(try await recorded())
        let rows = try ids(path)
        try tamper(path, "DELETE FROM event WHERE id >= \(rows[rows.count - 2])")
        let problem = try #require(try RecordAudit.verify(databaseAt: path).problem)
        #expect(problem.row == rows[rows.count - 3])
        #expect(problem.reason.contains("end"))
    }

    @Test("the migration chains rows written before it, to the same hashes appends give")
    func migration() async throws {
        let server = try await recorded()
        let path = try copy(server)
        let chained = try await DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT hash FROM event ORDER BY id") }
        // Back to the schema before the chain: no hash columns, the migration not yet run.
        try tamper(
            path,
            """
            DROP INDEX event_chain; ALTER TABLE event DROP COLUMN hash; ALTER TABLE event DROP COLUMN prevHash;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v6-record:%';
            """)
        #expect(throws: (any Error).self) { try RecordAudit.verify(databaseAt: path) }
        let store = try Store.open(path: path)
        let report = try RecordAudit.verify(store)
        #expect(report.intact)
        let migrated = try await store.writer.read { db in try String.fetchAll(db, sql: "SELECT hash FROM event ORDER BY id") }
        #expect(migrated == chained)
    }

    @Test("concurrent appends from many tasks keep one intact chain", .sqliteOnly)
    func concurrentAppends() async throws {
        let server = try await recorded()
        let session = try await server.services.sessions.create(
            agent: server.agent, customer: CustomerContact(name: "Lee", phone: nil, email: "lee@example.com", channel: .email),
            invite: false, by: .system)
        let events = server.services.events
        let before = try ids(try copy(server)).count
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<25 {
                        try await events.append(
                            session: session.id, kind: "noted", actor: .system, detail: ["task": "\(task)", "i": "\(i)"])
                    }
                }
            }
            try await group.waitForAll()
        }
        let report = try RecordAudit.verify(server.services.store!)
        #expect(report.intact, "\(String(describing: report.problem))")
        #expect(report.rows == before + 200)
    }

    @Test("GET events gives every event's hash and the head: the chain hash at the session's latest event", .sqliteOnly)
    func eventsHead() async throws {
        let server = try await recorded()
        let session = try await server.services.sessions.create(
            agent: server.agent, customer: CustomerContact(name: "Lee", phone: nil, email: "lee@example.com", channel: .email),
            invite: true, by: .system)
        let token = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let answer = try await client.call(.get, "/api/v1/sessions/\(session.id)/events", token: token)
            #expect(answer.status == .ok)
            let items = try #require(answer.body["items"] as? [[String: Any]])
            let head = try #require(answer.body["head"] as? [String: Any])
            #expect(items.allSatisfy { ($0["hash"] as? String)?.count == 64 })
            #expect(head["hash"] as? String == items.last?["hash"] as? String)
            #expect((head["event"] as? Int).map(Int64.init) == (items.last?["id"] as? Int).map(Int64.init))
            // This session's last event is the store's last row: the audit's head.
            #expect(try RecordAudit.verify(server.services.store!).headHash == head["hash"] as? String)
        }
    }
}
