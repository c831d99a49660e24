import Foundation
import SignetModel

/// Length-prefixed frames (4-byte big-endian length, then JSON) over pipe file descriptors.
/// Every system call goes through here, so every failure carries the same context.
enum FramedPipe {
    /// Frames larger than this are refused (a corrupted length must not allocate gigabytes).
    static let maxFrame = 64 * 1024 * 1024

    enum ReadResult {
        case frame([UInt8])
        case endOfFile
        case timedOut
    }

    /// Writes one frame; returns false when the other end is gone.
    static func write(_ payload: [UInt8], to fd: Int32) -> Bool {
        let n = UInt32(payload.count)
        let frame = [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + payload
        return frame.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let written = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Reads one frame, waiting at most until `deadline` (nil: forever).
    static func read(from fd: Int32, deadline: ContinuousClock.Instant?) throws -> ReadResult {
        var header = [UInt8](repeating: 0, count: 4)
        switch try readExactly(&header, from: fd, deadline: deadline) {
        case .endOfFile: return .endOfFile
        case .timedOut: return .timedOut
        case .frame: break
        }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length <= maxFrame else {
            throw SignetError(.internal, "worker sent a frame of \(length) bytes; the limit is \(maxFrame)")
        }
        var payload = [UInt8](repeating: 0, count: length)
        switch try readExactly(&payload, from: fd, deadline: deadline) {
        case .endOfFile: return .endOfFile
        case .timedOut: return .timedOut
        case .frame: return .frame(payload)
        }
    }

    private static func readExactly(_ buffer: inout [UInt8], from fd: Int32, deadline: ContinuousClock.Instant?) throws -> ReadResult {
        var offset = 0
        while offset < buffer.count {
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
                if ms <= 0 { return .timedOut }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pfd, 1, Int32(min(ms, Int64(Int32.max))))
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 { return .timedOut }
                if ready < 0 { throw SignetError(.internal, "poll failed: \(String(cString: strerror(errno)))") }
            }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n == 0 { return .endOfFile }
            if n < 0 { throw SignetError(.internal, "read from worker failed: \(String(cString: strerror(errno)))") }
            offset += n
        }
        return .frame(buffer)
    }
}
