import Foundation
import GRDB
import Testing

@testable import SignetModel
@testable import SignetSessions
@testable import SignetStore

/// The use cases drive the database only through `StoreBackend`; these tests hold the SQLite
/// store as that protocol and check the session aggregate's promises: a change and its events
/// commit together, a refused change leaves nothing, and changes to one session take turns.
@Suite("Session aggregate")
struct SessionAggregateTests {
    let store: Store
    let backend: any StoreBackend
    let agent: UserRecord

    init() async throws {
        store = try Store.temporary()
        backend = store
        agent = try await Accounts(store: store, bcryptCost: 4).create(
            email: "agent@example.com", name: "Agent", role: .agent, password: "long-enough-1")
    }

    private func draft() async throws -> SessionRecord {
        try await CustomerSessions(backend: backend, publicBaseURL: "http://signet.test").create(
            agent: agent, customer: CustomerContact(name: "Ada", email: "ada@example.com", channel: .email), invite: false, by: .system)
    }

    private func kinds(_ session: String) async throws -> [String] {
        try await backend.events.events(session: session).map(\.kind)
    }

    @Test("a transition commits its change and its event together")
    func changeWithEvent() async throws {
        let session = try await draft()
        let cancelled = try await SessionTransitions(sessions: CustomerSessions(backend: backend, publicBaseURL: "http://signet.test"))
            .cancel(session.id, by: Actor(name: "agent:\(agent.id)"))
        #expect(cancelled.state == .cancelled)
        #expect(try await backend.session(id: session.id, now: Date())?.state == .cancelled)
        #expect(try await kinds(session.id) == ["created", "cancelled"])
    }

    @Test("inviting writes the link, the invitation, the address book and the event in one commit")
    func invitation() async throws {
        let session = try await draft()
        let invited = try await CustomerSessions(backend: backend, publicBaseURL: "http://signet.test").invite(session.id, by: .system)
        #expect(invited.state == .invited && invited.expiresAt != nil)
        #expect(try await kinds(session.id) == ["created", "invited"])
        let (links, messages, contacts) = try await store.writer.read { db in
            (
                try CredentialRecord.filter(CredentialRecord.Columns.sessionId == session.id).fetchCount(db),
                try OutboxRecord.filter(OutboxRecord.Columns.sessionId == session.id).fetchAll(db),
                try ContactRecord.fetchCount(db)
            )
        }
        #expect(links == 1)
        #expect(messages.count == 1 && messages.first?.link.hasPrefix("http://signet.test/s/") == true)
        #expect(contacts == 1)
        // A draft only: a second invitation is refused, and leaves nothing behind.
        await #expect(throws: SignetError.self) {
            try await CustomerSessions(backend: backend, publicBaseURL: "http://signet.test").invite(session.id, by: .system)
        }
        #expect(try await kinds(session.id) == ["created", "invited"])
    }

    @Test("a body that throws changes nothing: no session change, no interaction, no event")
    func refusedChange() async throws {
        let session = try await draft()
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            _ = try await backend.withSession(session.id) { change in
                change.session.state = .cancelled
                change.add(Self.interaction(in: session.id, position: 1))
                change.record("cancelled", by: .system, now: Date())
                throw Refused()
            }
        }
        #expect(try await backend.session(id: session.id, now: Date())?.state == .draft)
        #expect(try await backend.interactions(session: session.id).isEmpty)
        #expect(try await kinds(session.id) == ["created"])
    }

    @Test("concurrent changes to one session take turns: each sees the one before it")
    func serialised() async throws {
        let session = try await draft()
        let interactions = SessionInteractions(backend: backend)
        let count = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<count {
                group.addTask {
                    let draft = Interactions.Draft(kind: .review, title: "R\(n)", payload: InteractionPayload())
                    _ = try await interactions.add(draft, session: session.id, by: .system)
                }
            }
            try await group.waitForAll()
        }
        // Each `add` read the highest position and took the next one: a lost update would
        // repeat a position.
        let positions = try await backend.interactions(session: session.id).map(\.position).sorted()
        #expect(positions == Array(1...count))
        #expect(try await kinds(session.id).filter { $0 == "interactionAdded" }.count == count)
    }

    @Test("an unknown session is refused as invalid input naming the id")
    func unknownSession() async throws {
        await #expect {
            _ = try await backend.withSession("nope") { _ in }
        } throws: { error in
            (error as? SignetError)?.field == "id"
        }
    }

    static func interaction(in session: String, position: Int) -> InteractionRecord {
        let now = Date()
        return InteractionRecord(
            id: UUID().uuidString.lowercased(), sessionId: session, parentId: nil, position: position, kind: .review, title: "Review",
            status: .pending, payload: InteractionPayload(), declineReason: nil, createdAt: now, updatedAt: now, completedAt: nil)
    }
}
