import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Attacks on the idempotency records: no credential is kept in them, anonymous and unrouted
/// requests never reach them, and the table stays bounded.
@Suite("Idempotency records")
struct IdempotencyRecordTests {
    static let key = HTTPField.Name("Idempotency-Key")!

    @Test("login and token creation with an Idempotency-Key: no token reaches the table or the database file", .sqliteOnly)
    func noCredentialKept() async throws {
        let server = try await TestServer(onDisk: true)
        try await server.app.test(.router) { client in
            let login = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#,
                headers: [Self.key: "login-1"])
            let token = try #require(login.body["token"] as? String)
            #expect(login.headers[.cacheControl] == "no-store")
            let created = try await client.call(
                .post, "/api/v1/auth/tokens", token: token, json: #"{"label": "ci"}"#, headers: [Self.key: "token-1"])
            let apiToken = try #require(created.body["token"] as? String)
            // A retry asks again: it never gets the first answer's token back.
            let retried = try await client.call(
                .post, "/api/v1/auth/tokens", token: token, json: #"{"label": "ci"}"#, headers: [Self.key: "token-1"])
            #expect(retried.headers[IdempotencyMiddleware.replayed] == nil)
            #expect(retried.body["token"] as? String != apiToken)
            #expect(try Self.rows(server) == 0)
            // The write-ahead log keeps every page version written, so a token kept even briefly shows.
            for file in [server.databasePath, server.databasePath + "-wal"] {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
                #expect(bytes.range(of: Data(token.utf8)) == nil, "\(file)")
                #expect(bytes.range(of: Data(apiToken.utf8)) == nil, "\(file)")
            }
        }
    }

    @Test(
        "anonymous POSTs with a key (unknown path, a route needing a login, a 10 MiB body) are refused and never stored", .sqliteOnly)
    func anonymousNeverStored() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let unknown = try await client.raw(.post, "/api/v1/nowhere", body: Array("{}".utf8), headers: [Self.key: "a-1"])
            #expect(unknown.status == .notFound)
            let big = [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
            #expect(try await client.raw(.post, "/api/v1/nowhere", body: big, headers: [Self.key: "a-2"]).status == .notFound)
            #expect(try await client.raw(.post, "/api/v1/sessions", body: big, headers: [Self.key: "a-3"]).status == .unauthorized)
            #expect(try Self.rows(server) == 0)
        }
    }

    @Test(
        "answers carrying a credential or larger than 64 KiB are withheld: the replay is a 409 and the table holds none of it", .sqliteOnly)
    func withheldAnswers() async throws {
        let server = try await TestServer()
        let token = try await server.token(server.agent)
        let router = Router(context: AppContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(
            middleware: AuthMiddleware(
                accounts: server.services.accounts, customers: server.services.customers, codes: server.services.customerCodes,
                presence: server.services.presence,
                reads: server.services.customerReads))
        let group = router.group("t").add(middleware: IdempotencyMiddleware(keys: IdempotencyKeys(store: server.services.store!)))
        group.post("cookie") { _, _ in
            Response(status: .ok, headers: [.setCookie: "s=cookie-secret"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        group.post("token") { _, _ in
            Response(
                status: .created, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"apiToken": "field-secret"}"#)))
        }
        group.post("large") { _, _ in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: String(repeating: "large-secret ", count: 6000))))
        }
        group.post("small") { _, _ in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "small answer")))
        }
        try await Application(router: router).test(.router) { client in
            for path in ["cookie", "token", "large"] {
                let first = try await client.raw(.post, "/t/\(path)", token: token, headers: [Self.key: path])
                #expect(first.status.code < 300, "\(path)")
                let replay = try await client.call(.post, "/t/\(path)", token: token, headers: [Self.key: path])
                #expect(replay.status == .conflict, "\(path)")
                #expect(replay.body["type"] as? String == "https://signet.example/problems/idempotency-answer-withheld")
            }
            let small = try await client.raw(.post, "/t/small", token: token, headers: [Self.key: "small"])
            let replayed = try await client.raw(.post, "/t/small", token: token, headers: [Self.key: "small"])
            #expect(replayed.bytes == small.bytes && replayed.headers[IdempotencyMiddleware.replayed] == "true")
        }
        let dump = try await server.services.store!.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT requestHash, COALESCE(body, x'') AS body FROM idempotency").map {
                ($0["requestHash"] as String) + String(decoding: $0["body"] as Data, as: UTF8.self)
            }
        }
        #expect(dump.count == 4)
        #expect(dump.filter { $0.contains("secret") }.isEmpty)
    }

    @Test("answers older than a day are pruned when keys are claimed; a caller holds a bounded number of keys", .sqliteOnly)
    func bounded() async throws {
        let store = try Store.temporary()
        var keys = IdempotencyKeys(store: store)
        keys.maxKeysPerPrincipal = 2
        let old = Date().addingTimeInterval(-25 * 3600)
        for key in ["k1", "k2"] {
            guard case .fresh = try await keys.claim(principal: "user:a", key: key, requestHash: "h", now: old) else {
                Issue.record("\(key) not fresh")
                return
            }
            try await keys.record(principal: "user:a", key: key, answer: .init(status: 201, contentType: nil, body: Data("old".utf8)))
        }
        // A day later the old answers are gone, so the caller has room again.
        for key in ["k3", "k4"] {
            guard case .fresh = try await keys.claim(principal: "user:a", key: key, requestHash: "h") else {
                Issue.record("\(key) not fresh")
                return
            }
        }
        let left = try await store.writer.read { db in try String.fetchAll(db, sql: "SELECT key FROM idempotency ORDER BY key") }
        #expect(left == ["k3", "k4"])
        guard case .exhausted = try await keys.claim(principal: "user:a", key: "k5", requestHash: "h") else {
            Issue.record("a third key within the day was accepted")
            return
        }
        guard case .fresh = try await keys.claim(principal: "user:b", key: "k5", requestHash: "h") else {
            Issue.record("another caller was refused")
            return
        }
    }

    @Test("a first request's claim never answered (its instance died) is taken over by a retry once its lease has passed, once")
    func abandonedClaim() async throws {
        let server = try await TestServer()
        let keys = server.services.backend.idempotencyKeys
        let now = Date()
        let claimed = now.addingTimeInterval(-IdempotencyKeys.lease - 1)
        guard case .fresh = try await keys.claim(principal: "user:a", key: "k", requestHash: "h", now: claimed) else {
            Issue.record("the first claim was not fresh")
            return
        }
        guard case .inProgress = try await keys.claim(principal: "user:a", key: "k", requestHash: "h", now: claimed.addingTimeInterval(60))
        else {
            Issue.record("a retry within the lease was not told the first is in progress")
            return
        }
        guard case .mismatch = try await keys.claim(principal: "user:a", key: "k", requestHash: "other", now: now) else {
            Issue.record("another request with the key took the claim over")
            return
        }
        guard case .fresh = try await keys.claim(principal: "user:a", key: "k", requestHash: "h", now: now) else {
            Issue.record("the retry after the lease did not take the claim over")
            return
        }
        guard case .inProgress = try await keys.claim(principal: "user:a", key: "k", requestHash: "h", now: now) else {
            Issue.record("the claim was taken over twice")
            return
        }
        try await keys.record(principal: "user:a", key: "k", answer: .init(status: 201, contentType: nil, body: Data("ok".utf8)))
        guard case .replay(let answer) = try await keys.claim(principal: "user:a", key: "k", requestHash: "h", now: now) else {
            Issue.record("the answer was not replayed")
            return
        }
        #expect(answer.status == 201 && answer.body == Data("ok".utf8))
    }

    static func rows(_ server: TestServer) throws -> Int {
        try server.services.store!.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency") ?? 0 }
    }
}
