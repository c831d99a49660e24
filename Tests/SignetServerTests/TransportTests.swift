import Foundation
import Hummingbird
import Testing

@testable import SignetSessions
@testable import SignetStore

@Suite("Delivery transports", .serialized)
struct TransportTests {
    func message(_ channel: SessionRecord.Channel, to recipient: String) -> OutboxRecord {
        OutboxRecord(
            id: 1, sessionId: "s", channel: channel, recipient: recipient, subject: "Your documents are ready",
            body: "Hello\n.a line starting with a dot\nhttp://signet.test/s/abc", link: "http://signet.test/s/abc", status: .pending,
            attempts: 0, nextAttemptAt: Date(), lastError: nil, createdAt: Date())
    }

    @Test("SMTP: the conversation, dot-stuffing, and a 550 for the recipient as a permanent rejection")
    func smtp() async throws {
        let server = try FakeSMTPServer()
        let transport = SMTPTransport(host: "127.0.0.1", port: server.port, from: "signet@example.com")
        try await transport.send(message(.email, to: "amara@example.com"))
        let transcript = server.transcript()
        #expect(transcript.contains("MAIL FROM:<signet@example.com>") && transcript.contains("RCPT TO:<amara@example.com>"))
        #expect(transcript.contains("Subject: Your documents are ready") && transcript.contains("\r\n..a line starting with a dot\r\n"))

        let refusing = try FakeSMTPServer(refuseRecipient: true)
        await #expect(throws: TransportRejection.self) {
            try await SMTPTransport(host: "127.0.0.1", port: refusing.port, from: "signet@example.com").send(
                message(.email, to: "nobody@example.com"))
        }
    }

    @Test("HTTP SMS provider: JSON with a bearer token; 4xx is a rejection, 5xx is retried")
    func sms() async throws {
        let router = Router()
        let received = Received()
        router.post("sms") { request, context -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 10_000)
            let json = try JSONDecoder().decode([String: String].self, from: Data(buffer: body))
            await received.add("\(request.headers[.authorization] ?? "") \(json["to"] ?? "")")
            switch json["to"] {
            case "+15005550001": return .badRequest
            case "+15005550002": return .serviceUnavailable
            default: return .accepted
            }
        }
        // Port 0: the system picks a free one, and the test waits until the server listens on it
        // (a fixed pause lost the race on a machine busy with the rest of the suite).
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                listening.yield(channel.localAddress?.port ?? 0)
                listening.finish()
            })
        let task = Task { try await app.runService() }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let transport = HTTPSMSTransport(url: URL(string: "http://127.0.0.1:\(port)/sms")!, token: "secret")
        try await transport.send(message(.sms, to: "+447700900123"))
        #expect(await received.items == ["Bearer secret +447700900123"])
        await #expect(throws: TransportRejection.self) { try await transport.send(message(.sms, to: "+15005550001")) }
        await #expect {
            try await transport.send(message(.sms, to: "+15005550002"))
        } throws: { error in
            !(error is TransportRejection)
        }
    }

    @Test("Bootstrap wires the transport the configuration names: with a mail server set, invitations go there, not to files")
    func configuredMailServer() async throws {
        let mail = try FakeSMTPServer()
        let server = try await TestServer { $0.smtp = SMTPSettings(host: "127.0.0.1", port: mail.port, from: "signet@example.com") }
        let session = try await server.services.sessions.create(
            agent: server.agent, customer: CustomerContact(name: "Amara", email: "amara@example.com", channel: .email), invite: true,
            by: .system)
        #expect(try await server.services.outbox.deliverDue() == 1)
        #expect(mail.transcript().contains("RCPT TO:<amara@example.com>"))
        #expect(try server.outbox().isEmpty)
        #expect(try await server.services.sessions.session(id: session.id)?.delivery == .sent)
    }
}

actor Received {
    var items: [String] = []
    func add(_ s: String) { items.append(s) }
}

/// A one-connection SMTP server on a free local port that records what it is told.
final class FakeSMTPServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var lines: [String] = []

    init(refuseRecipient: Bool = false) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        listen(fd, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve(refuseRecipient: refuseRecipient) }
    }

    func transcript() -> String {
        lock.lock()
        defer { lock.unlock() }
        return lines.joined(separator: "\r\n")
    }

    private func serve(refuseRecipient: Bool) {
        let client = accept(fd, nil, nil)
        defer {
            close(client)
            close(fd)
        }
        func say(_ s: String) { _ = Array((s + "\r\n").utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) } }
        var pending: [UInt8] = []
        func line() -> String? {
            while true {
                if let end = pending.firstIndex(of: 10) {
                    let text = String(decoding: pending[..<end].filter { $0 != 13 }, as: UTF8.self)
                    pending.removeFirst(end + 1)
                    lock.lock()
                    lines.append(text)
                    lock.unlock()
                    return text
                }
                var buffer = [UInt8](repeating: 0, count: 512)
                let n = recv(client, &buffer, 512, 0)
                if n <= 0 { return nil }
                pending += buffer[..<n]
            }
        }
        say("220 fake ESMTP")
        var inData = false
        while let text = line() {
            if inData {
                if text == "." {
                    inData = false
                    say("250 queued")
                }
                continue
            }
            switch text.prefix(4).uppercased() {
            case "EHLO": say("250-fake\r\n250 8BITMIME")
            case "MAIL": say("250 ok")
            case "RCPT": say(refuseRecipient ? "550 no such user" : "250 ok")
            case "DATA":
                say("354 go ahead")
                inData = true
            case "QUIT":
                say("221 bye")
                return
            default: say("500 what")
            }
        }
    }
}
