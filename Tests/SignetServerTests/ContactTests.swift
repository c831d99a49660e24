import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetStore

@Suite("Address book: one contact per person per agent, edited and deleted by its agent only")
struct ContactTests {
    /// Starts a session for `customer` (a JSON object) as `token`; answers its id.
    @discardableResult
    static func start(_ client: some TestClientProtocol, _ token: String, _ customer: String, invite: Bool = false) async throws
        -> String
    {
        let made = try await client.call(
            .post, "/api/v1/sessions", token: token, json: #"{"customer": \#(customer), "invite": \#(invite)}"#)
        guard made.status == .created, let id = made.body["id"] as? String else { throw FixtureError.failed("session: \(made.body)") }
        return id
    }

    static func book(_ client: some TestClientProtocol, _ token: String, _ q: String = "") async throws -> [[String: Any]] {
        let answer = try await client.call(.get, "/api/v1/contacts?q=\(q)", token: token)
        return answer.body["items"] as? [[String: Any]] ?? []
    }

    @Test("four sessions for one customer leave one contact: the latest name, the email normalised, the phone learnt later")
    func sameEmail() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            try await Self.start(client, agent, #"{"name": "Dana Dup", "email": "dana@example.com", "channel": "email"}"#)
            try await Self.start(client, agent, #"{"name": "Dana Dup", "email": " Dana@Example.COM ", "channel": "email"}"#)
            try await Self.start(client, agent, #"{"name": "Dana Dup", "email": "DANA@example.com", "channel": "email"}"#)
            try await Self.start(
                client, agent, #"{"name": "Dana Duplessis", "email": "dana@example.com", "phone": "+44 7700 900123", "channel": "email"}"#)
            let book = try await Self.book(client, agent)
            #expect(book.count == 1)
            #expect(book.first?["name"] as? String == "Dana Duplessis")
            #expect(book.first?["email"] as? String == "dana@example.com")
            #expect(book.first?["phone"] as? String == "+447700900123")
            // A later session that gives only the phone keeps the email it learnt before.
            try await Self.start(client, agent, #"{"name": "Dana D.", "phone": "+447700900123", "channel": "sms"}"#)
            let again = try await Self.book(client, agent)
            #expect(
                again.count == 1 && again.first?["email"] as? String == "dana@example.com" && again.first?["name"] as? String == "Dana D.")
        }
    }

    @Test("a session giving the email of one contact and the phone of another merges them into one")
    func bridging() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            try await Self.start(client, agent, #"{"name": "Sam Mail", "email": "sam@example.com", "channel": "email"}"#)
            try await Self.start(client, agent, #"{"name": "Sam Phone", "phone": "+447700900555", "channel": "sms"}"#)
            try await Self.start(client, agent, #"{"name": "Lou Else", "email": "lou@example.com", "channel": "email"}"#)
            #expect(try await Self.book(client, agent).count == 3)
            try await Self.start(
                client, agent, #"{"name": "Sam Both", "email": "sam@example.com", "phone": "+447700900555", "channel": "sms"}"#)
            let book = try await Self.book(client, agent)
            #expect(book.count == 2)
            let sam = try #require(book.first { $0["name"] as? String == "Sam Both" })
            #expect(sam["email"] as? String == "sam@example.com" && sam["phone"] as? String == "+447700900555")
        }
    }

    @Test("search finds a contact by part of its name, its email or its phone (typed with spaces); nothing else")
    func search() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            try await Self.start(
                client, agent, #"{"name": "Amara Okafor", "email": "amara@example.com", "phone": "+447700900123", "channel": "sms"}"#)
            try await Self.start(client, agent, #"{"name": "Bo Other", "email": "bo@elsewhere.org", "channel": "email"}"#)
            for (q, expected) in [
                ("okaf", "Amara Okafor"), ("AMARA%40EXAMPLE", "Amara Okafor"), ("7700%20900%201", "Amara Okafor"),
                ("elsewhere", "Bo Other"),
            ] {
                let found = try await Self.book(client, agent, q)
                #expect(found.map { $0["name"] as? String } == [expected], "q=\(q)")
            }
            #expect(try await Self.book(client, agent, "zzz").isEmpty)
            // A LIKE wildcard in the search is a character, not "anything".
            #expect(try await Self.book(client, agent, "%25").isEmpty)
        }
    }

    @Test(
        "contacts are per agent: the same customer is one contact in each agent's book, and another agent cannot see, edit or delete mine")
    func perAgent() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        let other = try await server.token(server.otherAgent)
        let admin = try await server.token(server.admin)
        try await server.app.test(.router) { client in
            try await Self.start(client, agent, #"{"name": "Dana Dup", "email": "dana@example.com", "channel": "email"}"#)
            try await Self.start(client, other, #"{"name": "Dana Other", "email": "dana@example.com", "channel": "email"}"#)
            let mine = try await Self.book(client, agent)
            #expect(mine.count == 1 && mine.first?["name"] as? String == "Dana Dup")
            #expect(try await Self.book(client, other).map { $0["name"] as? String } == ["Dana Other"])
            let id = try #require(mine.first?["id"] as? String)
            for token in [other, admin] {
                let edit = try await client.call(
                    .put, "/api/v1/contacts/\(id)", token: token, json: #"{"name": "Hijack", "email": "x@example.com"}"#)
                #expect(edit.status == .notFound)
                #expect(try await client.call(.delete, "/api/v1/contacts/\(id)", token: token).status == .notFound)
            }
            #expect(try await Self.book(client, agent).first?["name"] as? String == "Dana Dup")
            #expect(try await client.call(.delete, "/api/v1/contacts/not-a-number", token: agent).status == .notFound)
        }
    }

    @Test("the agent edits a contact (checked per field; another contact's email is a 409) and deletes it")
    func editAndDelete() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            try await Self.start(client, agent, #"{"name": "Dana Dup", "email": "dana@example.com", "channel": "email"}"#)
            try await Self.start(client, agent, #"{"name": "Eli Two", "email": "eli@example.com", "channel": "email"}"#)
            let book = try await Self.book(client, agent)
            let dana = try #require(book.first { $0["name"] as? String == "Dana Dup" }?["id"] as? String)
            let eli = try #require(book.first { $0["name"] as? String == "Eli Two" }?["id"] as? String)

            let edited = try await client.call(
                .put, "/api/v1/contacts/\(dana)", token: agent,
                json: #"{"name": "Dana Duplessis", "phone": "+33 6 12 34 56 78", "email": "Dana@Example.com"}"#)
            #expect(edited.status == .ok)
            #expect(edited.body["name"] as? String == "Dana Duplessis" && edited.body["phone"] as? String == "+33612345678")
            #expect(edited.body["email"] as? String == "dana@example.com")

            let bad = try await client.call(
                .put, "/api/v1/contacts/\(dana)", token: agent, json: #"{"name": " ", "phone": "07700 900123"}"#)
            #expect(bad.status == .unprocessableContent)
            let fields = (bad.body["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["name", "phone"])

            let clash = try await client.call(
                .put, "/api/v1/contacts/\(eli)", token: agent, json: #"{"name": "Eli Two", "email": "dana@example.com"}"#)
            #expect(clash.status == .conflict)
            #expect((clash.body["errors"] as? [[String: Any]])?.first?["field"] as? String == "email")
            #expect((clash.body["detail"] as? String)?.contains("Dana Duplessis") == true)

            #expect(try await client.call(.delete, "/api/v1/contacts/\(eli)", token: agent).status == .noContent)
            #expect(try await Self.book(client, agent).map { $0["name"] as? String } == ["Dana Duplessis"])
            #expect(try await client.call(.delete, "/api/v1/contacts/\(eli)", token: agent).status == .notFound)
            // A new session for the deleted person starts a new contact.
            try await Self.start(client, agent, #"{"name": "Eli Back", "email": "eli@example.com", "channel": "email"}"#)
            #expect(try await Self.book(client, agent).count == 2)
        }
    }

    @Test("the migration merges the duplicates the old code path made, per agent, keeping the latest name and every contact detail")
    func migration() throws {
        let queue = try DatabaseQueue()
        try StoreMigrations.migrator.migrate(queue, upTo: "v5-resources: invitations expire a lifetime after they are sent")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try queue.write { db in
            for (id, email) in [("u", "u@example.com"), ("v", "v@example.com")] {
                try db.execute(
                    sql: "INSERT INTO user (id, email, name, role, passwordHash, createdAt) VALUES (?, ?, 'A', 'agent', 'x', ?)",
                    arguments: [id, email, start])
            }
            // What the old `Sessions.remember` did: one row per session.
            let old: [(String, String, String?, String?)] = [
                ("u", "Dana Dup", nil, "dana@example.com"),
                ("u", "Dana Dup", nil, " Dana@example.com"),
                ("u", "Dana Dup", nil, "dana@example.com"),
                ("u", "Dana Duplessis", "+447700900123", "dana@example.com"),
                ("u", "Dana By Phone", "+44 7700 900123", nil),
                ("u", "Lou Else", "+447700900999", nil),
                ("v", "Dana Dup", nil, "dana@example.com"),
            ]
            for (i, (agent, name, phone, email)) in old.enumerated() {
                var row = ContactRecord(
                    agentId: agent, name: name, phone: phone, email: email, updatedAt: start.addingTimeInterval(Double(i) * 60))
                try row.insert(db)
            }
        }
        try StoreMigrations.migrator.migrate(queue)
        let rows = try queue.read { db in try ContactRecord.order(Column("agentId"), Column("name")).fetchAll(db) }
        #expect(rows.map(\.agentId) == ["u", "u", "v"])
        let dana = try #require(rows.first)
        #expect(dana.name == "Dana By Phone" && dana.email == "dana@example.com" && dana.phone == "+447700900123")
        #expect(dana.updatedAt == start.addingTimeInterval(4 * 60))
        #expect(rows[1].name == "Lou Else" && rows[2].name == "Dana Dup")
        // The new table holds one row per email of an agent.
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                var twin = ContactRecord(agentId: "u", name: "Twin", phone: nil, email: "dana@example.com", updatedAt: start)
                try twin.insert(db)
            }
        }
    }
}
