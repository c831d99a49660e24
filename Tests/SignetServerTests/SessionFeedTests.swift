import Foundation
import Testing

@testable import SignetModel
@testable import SignetSessions
@testable import SignetStore

/// `SessionFeed` follows a session's record for live streams; these tests drive it over the
/// SQLite store directly, without HTTP.
@Suite("Session feed")
struct SessionFeedTests {
    /// An event repository that runs `between` once, right after its first read returns: a
    /// change that commits between the feed's read of the events and its read of the session.
    final class RacingEvents: EventRepository, @unchecked Sendable {
        let inner: any EventRepository
        let between: @Sendable () async throws -> Void
        private let lock = NSLock()
        private var raced = false

        init(_ inner: any EventRepository, between: @escaping @Sendable () async throws -> Void) {
            self.inner = inner
            self.between = between
        }

        var changes: ChangeSignal { inner.changes }

        func append(session: String, kind: String, actor: Actor, detail: [String: String], now: Date) async throws -> EventRecord {
            try await inner.append(session: session, kind: kind, actor: actor, detail: detail, now: now)
        }

        func events(session: String, after: Int64) async throws -> [EventRecord] {
            let found = try await inner.events(session: session, after: after)
            let first = lock.withLock { () -> Bool in
                defer { raced = true }
                return !raced
            }
            if first { try await between() }
            return found
        }
    }

    let store: Store
    let sessions: CustomerSessions
    let agent: UserRecord

    init() async throws {
        store = try Store.temporary()
        sessions = CustomerSessions(backend: store, publicBaseURL: "http://signet.test")
        agent = try await Accounts(store: store, bcryptCost: 4).create(
            email: "agent@example.com", name: "Agent", role: .agent, password: "long-enough-1")
    }

    private func draft() async throws -> SessionRecord {
        try await sessions.create(
            agent: agent, customer: CustomerContact(name: "Ada", email: "ada@example.com", channel: .email), invite: false, by: .system)
    }

    @Test("a cancel committed between the feed's two reads still reaches the follower before the feed ends")
    func closeBetweenReads() async throws {
        let session = try await draft()
        let transitions = SessionTransitions(sessions: sessions)
        let events = RacingEvents(store.events) {
            _ = try await transitions.cancel(session.id, by: Actor(name: "agent:\(agent.id)"))
        }
        var seen: [String] = []
        var lastState: SessionRecord.State?
        try await SessionFeed(sessions: sessions, events: events).follow(session.id, after: 0) { step in
            seen += step.events.map(\.kind)
            lastState = step.session?.state
        }
        #expect(seen == ["created", "cancelled"])
        #expect(lastState == .cancelled)
    }

    @Test("each event is handed over once, in order, across steps; the feed wakes on a write before its poll")
    func stepsInOrder() async throws {
        let session = try await draft()
        var feed = SessionFeed(sessions: sessions, events: store.events)
        feed.pollInterval = .seconds(300)
        let collected = Task {
            var kinds: [String] = []
            try await feed.follow(session.id, after: 0) { step in kinds += step.events.map(\.kind) }
            return kinds
        }
        let started = ContinuousClock.now
        for n in 1...3 {
            try await store.events.append(session: session.id, kind: "note\(n)", actor: .system)
            try await Task.sleep(for: .milliseconds(20))
        }
        _ = try await SessionTransitions(sessions: sessions).cancel(session.id, by: .system)
        let kinds = try await collected.value
        #expect(kinds == ["created", "note1", "note2", "note3", "cancelled"])
        // With a five-minute poll, only the change signal can have ended it this soon (the
        // margin is for a loaded machine running the whole suite at once).
        #expect(ContinuousClock.now - started < .seconds(120))
    }
}
