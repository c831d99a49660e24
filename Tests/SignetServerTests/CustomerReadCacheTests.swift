import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// A customer's repeated reads come from a cache that every write empties, so caching never
/// delays what a write changed: revocation, new interactions, status changes. Previews carry
/// an ETag and answer 304 to a browser that holds them; visits reach the store within seconds
/// and at shutdown.
@Suite("Customer read cache")
struct CustomerReadCacheTests {
    @Test("a read that overlaps a write is not kept; the next write forgets what was kept")
    func generations() async throws {
        let cache = ReadCache()
        // The load saw the database before a write that ended while it ran: served once, not kept.
        #expect(
            try await cache.remember("k") {
                cache.invalidate(); return 1
            } == 1)
        #expect(try await cache.remember("k") { 2 } == 2)
        #expect(try await cache.remember("k") { 3 } == 2)
        cache.invalidate()
        #expect(try await cache.remember("k") { 4 } == 4)
        #expect(try await cache.remember("refused", keep: { $0 > 10 }) { 5 } == 5)
        #expect(try await cache.remember("refused", keep: { $0 > 10 }) { 6 } == 6)
    }

    @Test(
        "the cache is kept by a write that changed no row (an outbox poll) and by visits written; any other write empties it", .sqliteOnly)
    func writesThatKeep() async throws {
        let server = try await TestServer()
        let reads = server.services.store!.reads
        #expect(try await reads.remember("k") { 1 } == 1)
        #expect(try await server.services.outbox.deliverDue() == 0)
        #expect(try await reads.remember("k") { 2 } == 1)
        let session = try await server.services.sessions.create(
            agent: server.agent, customer: CustomerContact(name: "Noor Haddad", email: "noor@example.com", channel: .email), invite: false,
            by: .system)
        #expect(try await reads.remember("k") { 3 } == 3)
        // Last-seen times are shown by no cached answer; the console reads them from the database.
        let seen = Date()
        server.services.presence.seen(session.id, now: seen)
        try await server.services.presence.flush(to: server.services.customers)
        #expect(abs(try #require(try await server.services.sessions.session(id: session.id)?.lastSeenAt).timeIntervalSince(seen)) < 0.01)
        #expect(try await reads.remember("k") { 4 } == 3)
    }

    @Test("a cookie read many times is refused at the very next request after cancel, and after expiry")
    func revocationIsImmediate() async throws {
        let server = try await TestServer { $0.sessionLifetime = 3600 }
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let customer = try await s.customer(client)
            for _ in 0..<3 {
                #expect(try await client.call(.get, "/api/v1/customer/session", headers: customer).status == .ok)
                #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: customer).status == .ok)
            }
            #expect(try await client.call(.post, "\(s.base)/cancel", token: s.agent).status == .ok)
            for route in ["/api/v1/customer/session", "/api/v1/customer/interactions"] {
                let refused = try await client.call(.get, route, headers: customer)
                #expect(refused.status == .gone && refused.body["title"] as? String == "This session is cancelled", "\(route)")
            }

            // Expiry is judged at each request, even for a cookie whose session was read a moment before.
            let other = try await SessionFixture.start(client, server, name: "Lena Brandt")
            let second = try await other.customer(client)
            #expect(try await client.call(.get, "/api/v1/customer/session", headers: second).status == .ok)
            let expiresAt = try #require(try await server.services.sessions.session(id: other.id)?.expiresAt)
            // The cookie's value, as the middleware hands it over.
            let cookie = String(try #require(second[.cookie]).dropFirst("\(AuthMiddleware.customerCookie)=".count))
            let reads = server.services.customerReads
            guard case .success = try await reads.session(cookie: cookie, now: expiresAt.addingTimeInterval(-1)) else {
                Issue.record("the cookie was refused before its session expired")
                return
            }
            guard case .failure(.gone(.expired)) = try await reads.session(cookie: cookie, now: expiresAt) else {
                Issue.record("the cookie was admitted once its session expired")
                return
            }
        }
    }

    @Test("what a customer reads is what the last write left: a new interaction and a finish show at once")
    func readsFollowWrites() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let terms = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let customer = try await s.customer(client)
            let mine = "/api/v1/customer/interactions"
            #expect((try await client.call(.get, mine, headers: customer).body["items"] as? [Any])?.count == 1)
            #expect(try await client.call(.get, "\(mine)/\(terms)", headers: customer).body["status"] as? String == "opened")

            _ = try await s.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
            #expect((try await client.call(.get, mine, headers: customer).body["items"] as? [Any])?.count == 2)
            #expect(try await client.call(.post, "\(mine)/\(terms)/finish", json: "{}", headers: customer).status == .ok)
            #expect(try await client.call(.get, "\(mine)/\(terms)", headers: customer).body["status"] as? String == "completed")
            // The finished document is there to download: the cached record is the finished one.
            #expect(try await client.raw(.get, "\(mine)/\(terms)/finished.pdf", headers: customer).status == .ok)
        }
    }

    @Test("a preview carries its ETag, private; If-None-Match answers 304 without the PNG; only to its own customer")
    func previewRevalidation() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let terms = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let customer = try await s.customer(client)
            let page = "/api/v1/customer/interactions/\(terms)/pages/1?width=300"

            let first = try await client.raw(.get, page, headers: customer)
            #expect(first.status == .ok && first.headers[.contentType] == "image/png")
            #expect(first.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(first.headers[.cacheControl] == "private, no-cache")
            let tag = try #require(first.headers[.eTag])
            #expect(tag.hasPrefix("\"") && !tag.contains(server.configuration.dataDirectory))
            let again = try await client.raw(.get, page, headers: customer)
            #expect(again.bytes == first.bytes && again.headers[.eTag] == tag)

            var revalidate = customer
            revalidate[.ifNoneMatch] = "\"other\", \(tag)"
            let unchanged = try await client.raw(.get, page, headers: revalidate)
            #expect(unchanged.status == .notModified && unchanged.bytes.isEmpty)
            #expect(unchanged.headers[.eTag] == tag && unchanged.headers[.cacheControl] == "private, no-cache")
            revalidate[.ifNoneMatch] = "\"other\""
            #expect(try await client.raw(.get, page, headers: revalidate).status == .ok)

            // The agent's preview of the same page is the same file, so the same tag.
            let agents = try await client.raw(.get, "\(s.base)/interactions/\(terms)/pages/1?width=300", token: s.agent)
            #expect(agents.status == .ok && agents.headers[.eTag] == tag)

            // Another customer holding the tag still learns nothing: 404 before any ETag check.
            let stranger = try await SessionFixture.start(client, server, name: "Lena Brandt")
            var strangers = try await stranger.customer(client)
            strangers[.ifNoneMatch] = tag
            let refused = try await client.raw(.get, page, headers: strangers)
            #expect(refused.status == .notFound && refused.headers[.eTag] == nil)

            // Once finished, the page shows the finished document: a new tag, so the browser's copy is replaced.
            #expect(
                try await client.call(.post, "/api/v1/customer/interactions/\(terms)/finish", json: "{}", headers: customer).status == .ok)
            revalidate[.ifNoneMatch] = tag
            let finished = try await client.raw(.get, page, headers: revalidate)
            #expect(finished.status == .ok && finished.headers[.eTag] != tag)
        }
    }

    @Test("visits are written within seconds by the presence service, and once more at a graceful shutdown")
    func presenceFlushes() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let customer = try await s.customer(client)
            func lastSeen() async throws -> Date? { try await server.services.sessions.session(id: s.id)?.lastSeenAt }
            func running(every interval: Double, _ body: () async throws -> Void) async throws {
                let flush = PresenceFlush(services: server.services, interval: interval, logger: Logger(label: "test"))
                let group = ServiceGroup(
                    configuration: .init(services: [flush], gracefulShutdownSignals: [], logger: Logger(label: "test")))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    try await body()
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
            }

            try await running(every: 0.2) {
                let seen = Date()
                #expect(try await client.call(.get, "/api/v1/customer/session", headers: customer).status == .ok)
                let deadline = Date().addingTimeInterval(10)
                while try await lastSeen().map({ $0 < seen }) ?? true, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
                #expect(try #require(try await lastSeen()) >= seen)
            }
            // An hour between rounds: only the flush at shutdown can write this visit.
            let late = Date().addingTimeInterval(5)
            try await running(every: 3600) {
                try await Task.sleep(for: .milliseconds(100))
                server.services.presence.seen(s.id, now: late)
            }
            #expect(abs(try #require(try await lastSeen()).timeIntervalSince(late)) < 0.01)
        }
    }
}
