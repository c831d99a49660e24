import Foundation
import GRDB
import SignetFiles
import SignetModel

/// Sends one message. `TransportRejection` means the provider refused the recipient for
/// good (no retry); any other error is retried with backoff.
public protocol MessageTransport: Sendable {
    /// Delivers `message` or throws.
    func send(_ message: OutboxRecord) async throws
}

/// A permanent refusal by the provider (unknown number, mailbox does not exist).
public struct TransportRejection: Error, Sendable {
    /// The provider's reason.
    public var reason: String

    /// Creates a rejection.
    public init(_ reason: String) { self.reason = reason }
}

/// Delivers the outbox: messages are stored first (in the same transaction as the invitation),
/// then sent here with retries and backoff. The outcome shows on the session (delivery sent or
/// failed, with the reason) and in its record.
public struct Outbox: Sendable {
    let store: Store
    let transport: any MessageTransport
    /// Attempts before a message counts as failed.
    public var maxAttempts = 5
    /// How long a claimed message is left to its deliverer before another may try it.
    public var leaseSeconds: Double = 120

    /// Creates the delivery service.
    public init(store: Store, transport: any MessageTransport) {
        self.store = store
        self.transport = transport
    }

    /// Sends every message due at `now`; returns how many were handled.
    @discardableResult
    public func deliverDue(now: Date = Date()) async throws -> Int {
        // Claim the due messages in one write: moving their next attempt a lease into the future
        // keeps a second deliverer (another task, another process) from sending them too. If
        // this process dies mid-send, the lease runs out and the message is tried again.
        let lease = leaseSeconds
        let due = try await store.write { db in
            let rows = try OutboxRecord.filter(
                OutboxRecord.Columns.status == OutboxRecord.Status.pending.rawValue && OutboxRecord.Columns.nextAttemptAt <= now
            )
            .order(OutboxRecord.Columns.id).limit(50).fetchAll(db)
            for var row in rows {
                row.nextAttemptAt = now.addingTimeInterval(lease)
                try row.update(db)
            }
            return rows
        }
        for message in due { try await deliver(message, now: now) }
        return due.count
    }

    private func deliver(_ message: OutboxRecord, now: Date) async throws {
        if let reason = Self.recipientProblem(message) {
            return try await finish(message, status: .failed, error: reason, now: now)
        }
        do {
            try await transport.send(message)
            try await finish(message, status: .sent, error: nil, now: now)
        } catch let rejection as TransportRejection {
            try await finish(message, status: .failed, error: "the provider refused it: \(rejection.reason)", now: now)
        } catch {
            var retry = message
            retry.attempts += 1
            retry.lastError = "\(error)"
            if retry.attempts >= maxAttempts {
                return try await finish(retry, status: .failed, error: "not delivered after \(retry.attempts) attempts: \(error)", now: now)
            }
            // 10 s, 20 s, 40 s, 80 s...
            retry.nextAttemptAt = now.addingTimeInterval(10 * pow(2, Double(retry.attempts - 1)))
            try await store.write { [retry] db in try retry.update(db) }
        }
    }

    /// Syntax checks before anything is sent: E.164 for SMS, an address for email.
    static func recipientProblem(_ message: OutboxRecord) -> String? {
        let kind: FieldKind = message.channel == .sms ? .phone : .email
        return ValueCheck.problem(with: .text(message.recipient), for: FieldDefinition(id: "recipient", kind: kind))
    }

    private func finish(_ message: OutboxRecord, status: OutboxRecord.Status, error: String?, now: Date) async throws {
        var message = message
        message.status = status
        message.lastError = error
        message.sentAt = status == .sent ? now : nil
        try await store.write { [message] db in
            try message.update(db)
            guard var session = try SessionRecord.fetchOne(db, key: message.sessionId) else { return }
            // Only the latest invitation speaks for the session: an older message finishing late
            // must not overwrite the state of a re-engaged one.
            let latest = try OutboxRecord.filter(OutboxRecord.Columns.sessionId == session.id).order(OutboxRecord.Columns.id.desc).fetchOne(
                db)
            guard latest?.id == message.id else { return }
            session.delivery = status == .sent ? .sent : .failed
            session.deliveryError = error
            try session.update(db)
            try EventLog.append(
                db, session: session.id, kind: status == .sent ? "delivered" : "deliveryFailed", actor: .system,
                detail: ["channel": message.channel.rawValue, "reason": error ?? ""].filter { !$0.value.isEmpty }, now: now)
        }
    }
}

/// The development transport, the default: each message becomes one JSON file (`to`,
/// `channel`, `subject`, `body`, `link`) under `<data>/outbox/`, written atomically.
public struct FileTransport: MessageTransport {
    /// The folder that receives the files.
    public var directory: String

    /// Creates the transport.
    public init(directory: String) { self.directory = directory }

    public func send(_ message: OutboxRecord) async throws {
        struct File: Encodable {
            var to: String
            var channel: String
            var subject: String
            var body: String
            var link: String
            var session: String
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let file = File(
            to: message.recipient, channel: message.channel.rawValue, subject: message.subject, body: message.body, link: message.link,
            session: message.sessionId)
        // Outbox messages are numbered; others (password resets) are not stored in the outbox.
        let name =
            message.id.map { String(format: "%08d-%@.json", $0, message.channel.rawValue) }
            ?? "direct-\(Int(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0...UInt32.max)).json"
        try AtomicFile.write(Array(try encoder.encode(file)), to: directory + "/" + name)
    }
}
