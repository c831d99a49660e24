import Foundation
import Testing

@testable import SignetModel
@testable import SignetSessions
@testable import SignetStore

@Suite("Accounts and secrets")
struct AccountsTests {
    @Test("passwords: at least 8 characters, not common, stored only as a bcrypt hash")
    func passwords() async throws {
        let store = try Store.temporary()
        let accounts = Accounts(store: store, bcryptCost: 4)
        await #expect(throws: SignetError.self) {
            try await accounts.create(email: "a@example.com", name: "", role: .agent, password: "short")
        }
        await #expect(throws: SignetError.self) {
            try await accounts.create(email: "a@example.com", name: "", role: .agent, password: "Password123")
        }
        await #expect(throws: SignetError.self) {
            try await accounts.create(email: "not-an-email", name: "", role: .agent, password: "long-enough-1")
        }
        let user = try await accounts.create(email: "A@Example.com", name: "", role: .agent, password: "long-enough-1")
        #expect(user.email == "a@example.com" && user.passwordHash.hasPrefix("$2") && !user.passwordHash.contains("long-enough-1"))
        await #expect(throws: SignetError.self) {
            try await accounts.create(email: "a@example.com", name: "", role: .agent, password: "long-enough-2")
        }
        #expect(try await accounts.verify(email: "a@example.com", password: "long-enough-1")?.id == user.id)
        #expect(try await accounts.verify(email: "a@example.com", password: "wrong-one-1") == nil)
    }

    @Test("tokens are random and stored only as hashes")
    func tokens() async throws {
        let store = try Store.temporary()
        let accounts = Accounts(store: store, bcryptCost: 4)
        let user = try await accounts.create(email: "a@example.com", name: "", role: .admin, password: "long-enough-1")
        let token = try await accounts.issueAPIToken(for: user, label: "ci").token
        #expect(token.count >= 43 && SecretToken.make() != SecretToken.make())
        let stored = try await store.writer.read { db in try CredentialRecord.fetchAll(db) }
        #expect(stored.count == 1 && stored[0].tokenHash == SecretToken.hash(token) && stored[0].tokenHash != token)
        #expect(try await accounts.authenticate(token: token)?.0.id == user.id)
        try await accounts.revoke(token: token)
        #expect(try await accounts.authenticate(token: token) == nil)
    }
}

@Suite("Blob store")
struct BlobStoreTests {
    @Test("blobs are named by their SHA-256, written once, and looked up only by a real digest")
    func blobs() throws {
        let store = FolderBlobStore(root: NSTemporaryDirectory() + "signet-blobs-\(UUID().uuidString)")
        let hash = try store.put(Array("hello".utf8))
        #expect(hash == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(try store.put(Array("hello".utf8)) == hash)
        let path = try #require(store.file(hash))
        #expect(path.hasSuffix("/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
        #expect(FileManager.default.contents(atPath: path) == Data("hello".utf8))
        #expect(store.file("../../etc/passwd") == nil && store.file(String(repeating: "0", count: 64)) == nil)
    }
}

@Suite("Outbox")
struct OutboxTests {
    /// Counts sends, slowly, so two deliverers overlap.
    actor CountingTransport: MessageTransport {
        var sent: [String] = []
        func send(_ message: OutboxRecord) async throws {
            try await Task.sleep(for: .milliseconds(50))
            sent.append(message.recipient)
        }
    }

    @Test("two deliverers at once send each message once")
    func noDoubleSend() async throws {
        let store = try Store.temporary()
        let accounts = Accounts(store: store, bcryptCost: 4)
        let agent = try await accounts.create(email: "a@example.com", name: "", role: .agent, password: "long-enough-1")
        let sessions = CustomerSessions(backend: store, publicBaseURL: "http://x")
        for n in 0..<5 {
            _ = try await sessions.create(
                agent: agent, customer: CustomerContact(name: "C\(n)", email: "c\(n)@example.com", channel: .email), invite: true,
                by: .system)
        }
        let transport = CountingTransport()
        let outbox = OutboxDelivery(outbox: Outbox(store: store), transport: transport)
        async let first = outbox.deliverDue()
        async let second = outbox.deliverDue()
        let handled = try await first + second
        #expect(handled == 5)
        #expect(await transport.sent.sorted() == (0..<5).map { "c\($0)@example.com" })
    }
}
