import Foundation
import SignetModel

/// A file read in fixed-size chunks, so a data file of any length is streamed through a
/// buffer of constant size. Owns its descriptor, closed in `deinit`.
final class FileChunks {
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8]

    /// Opens `path` for reading in chunks of `chunkSize` bytes.
    init(path: String, chunkSize: Int = 64 * 1024) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SignetError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 1))
    }

    deinit { close(fd) }

    /// Hands the next chunk to `body`; returns false at the end of the file.
    func next(_ body: (ArraySlice<UInt8>) throws -> Void) throws -> Bool {
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw SignetError(.io, "cannot read \(path): \(String(cString: strerror(errno)))") }
            guard n > 0 else { return false }
            try body(buffer[0..<n])
            return true
        }
    }
}

@available(*, unavailable)
extension FileChunks: Sendable {}
