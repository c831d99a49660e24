import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a live Server-Sent Events response over a plain socket as it arrives, so a test can
/// measure how soon an event shows up (the test client only hands over finished bodies).
final class StreamReader {
    private let fd: Int32
    private(set) var received = ""

    init(port: Int, path: String, headers: [String: String]) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw FixtureError.failed("cannot connect to port \(port)")
        }
        let head = (["GET \(path) HTTP/1.1", "Host: 127.0.0.1"] + headers.map { "\($0.key): \($0.value)" }).joined(separator: "\r\n")
        let request = Array((head + "\r\n\r\n").utf8)
        _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Waits until `text` has arrived or `timeout` seconds have passed; answers whether it did.
    /// It reads in short blocking slices with pauses between, so a waiting test never holds one
    /// of the few threads (two on a 2-core machine) the servers of the whole suite run on.
    func wait(for text: String, timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !read(until: text, within: 0.02) {
            guard Date() < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Reads until `text` has arrived, blocking at most `seconds`; answers whether it did.
    private func read(until text: String, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while !received.contains(text) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, max(1, Int32(left * 1000))) > 0 else { return false }
            let n = Glibc.read(fd, &buffer, buffer.count)
            guard n > 0 else { return false }
            received += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return true
    }

    deinit { close(fd) }
}
