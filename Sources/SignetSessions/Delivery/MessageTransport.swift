import Foundation
import SignetFiles
import SignetModel
import SignetStore

/// Sends one message. `TransportRejection` means the provider refused the recipient for
/// good (no retry); any other error is retried with backoff.
package protocol MessageTransport: Sendable {
    /// Delivers `message` or throws.
    func send(_ message: OutboxRecord) async throws
}

/// A permanent refusal by the provider (unknown number, mailbox does not exist).
package struct TransportRejection: Error, Sendable {
    /// The provider's reason.
    package var reason: String

    /// Creates a rejection.
    package init(_ reason: String) { self.reason = reason }
}

/// The development transport, the default: each message becomes one JSON file (`to`,
/// `channel`, `subject`, `body`, `link`, and `code` for a one-time code) under
/// `<data>/outbox/`, written atomically.
package struct FileTransport: MessageTransport {
    /// The folder that receives the files.
    package var directory: String

    /// Creates the transport.
    package init(directory: String) { self.directory = directory }

    package func send(_ message: OutboxRecord) async throws {
        struct File: Encodable {
            var to: String
            var channel: String
            var subject: String
            var body: String
            var link: String
            var session: String
            var code: String?
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let file = File(
            to: message.recipient, channel: message.channel.rawValue, subject: message.subject, body: message.body, link: message.link,
            session: message.sessionId, code: message.code)
        // Outbox messages are numbered; others (password resets) are not stored in the outbox.
        let name =
            message.id.map { String(format: "%08d-%@.json", $0, message.channel.rawValue) }
            ?? "direct-\(Int(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0...UInt32.max)).json"
        try AtomicFile.write(Array(try encoder.encode(file)), to: directory + "/" + name)
    }
}
