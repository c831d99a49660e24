import Foundation
import NIOPosix
import SignetModel
import SignetStore

/// Email through an SMTP relay: EHLO, MAIL FROM, RCPT TO, DATA, QUIT, over plain TCP.
///
/// It is meant for a relay the operator runs beside the service (Postfix, Exim, a cloud
/// provider's local agent), which handles TLS and authentication onward; without TLS here it
/// never sends credentials. A 5xx answer to the recipient is a permanent rejection; anything
/// else that goes wrong is retried by the outbox.
package struct SMTPTransport: MessageTransport {
    /// Relay host.
    package var host: String
    /// Relay port.
    package var port: Int
    /// Envelope and header sender.
    package var from: String
    /// Seconds to wait for each answer.
    package var timeout: Int = 20

    /// Creates the transport.
    package init(host: String, port: Int = 25, from: String) {
        self.host = host
        self.port = port
        self.from = from
    }

    package func send(_ message: OutboxRecord) async throws {
        let transport = self
        // Blocking socket I/O belongs on NIO's shared thread pool, not on the cooperative threads
        // that serve requests. Mail leaves one message at a time (the outbox and the reset mail
        // each send in turn), so it holds at most two of those threads, and only while a relay
        // answers.
        try await NIOThreadPool.singleton.runIfActive { try transport.deliver(message) }
    }

    private func deliver(_ message: OutboxRecord) throws {
        let line = try LineSocket(host: host, port: port, timeout: timeout)
        defer { line.close() }
        try expect(line, 220)
        try line.send("EHLO signet")
        try expect(line, 250)
        try line.send("MAIL FROM:<\(from)>")
        try expect(line, 250)
        try line.send("RCPT TO:<\(message.recipient)>")
        let (code, text) = try line.reply()
        if (500..<600).contains(code) { throw TransportRejection("\(code) \(text)") }
        guard code == 250 || code == 251 else { throw SMTPError(stage: "RCPT", reply: "\(code) \(text)") }
        try line.send("DATA")
        try expect(line, 354)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: \(from)", "To: \(message.recipient)", "Subject: \(message.subject)", "Date: \(formatter.string(from: Date()))",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        // Dot-stuffing: a body line starting with "." gets another, so it cannot end the data.
        let body = message.body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        try line.send((headers + [""] + body + ["."]).joined(separator: "\r\n"))
        try expect(line, 250)
        try? line.send("QUIT")
    }

    private func expect(_ line: LineSocket, _ wanted: Int) throws {
        let (code, text) = try line.reply()
        guard code == wanted else { throw SMTPError(stage: "expected \(wanted)", reply: "\(code) \(text)") }
    }
}

/// An SMTP conversation that went wrong in a way worth retrying.
struct SMTPError: Error, CustomStringConvertible {
    var stage: String
    var reply: String
    var description: String { "SMTP \(stage): \(reply)" }
}

/// A blocking TCP connection that speaks in CRLF-terminated lines, as SMTP does.
final class LineSocket {
    private let fd: Int32
    private var pending: [UInt8] = []

    init(host: String, port: Int, timeout: Int) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let first = info else {
            throw SMTPError(stage: "connect", reply: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(info) }
        fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw SMTPError(stage: "connect", reply: String(cString: strerror(errno))) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw SMTPError(stage: "connect", reply: "\(host):\(port): \(reason)")
        }
    }

    func send(_ text: String) throws {
        let bytes = Array((text + "\r\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SMTPError(stage: "send", reply: String(cString: strerror(errno))) }
            offset += n
        }
    }

    /// One reply, possibly multi-line (`250-...` then `250 ...`): its code and last text.
    func reply() throws -> (Int, String) {
        while true {
            let text = try readLine()
            guard text.count >= 3, let code = Int(text.prefix(3)) else { throw SMTPError(stage: "reply", reply: text) }
            if text.count == 3 || text[text.index(text.startIndex, offsetBy: 3)] != "-" { return (code, String(text.dropFirst(4))) }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = pending.firstIndex(of: 10) {
                let line = pending[..<end]
                pending.removeFirst(end + 1)
                return String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            }
            var buffer = [UInt8](repeating: 0, count: 1024)
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { throw SMTPError(stage: "read", reply: n == 0 ? "connection closed" : String(cString: strerror(errno))) }
            pending += buffer[..<n]
            guard pending.count < 64 * 1024 else { throw SMTPError(stage: "read", reply: "reply too long") }
        }
    }

    func close() { Glibc.close(fd) }
}
