import Foundation
import SignetModel

/// The lines of a file as bytes, streamed: LF or CRLF line ends, a UTF-8 byte order mark at
/// the start dropped, lines longer than `maxBytes` refused.
final class LineReader {
    private let chunks: FileChunks
    private let maxBytes: Int
    private var pending: [UInt8] = []
    private var offset = 0
    private var atEnd = false
    /// The number of the line last returned (1-based).
    private(set) var line = 0

    /// Opens `path`.
    init(path: String, chunkSize: Int = 64 * 1024, maxBytes: Int = DelimitedReader.recordLimit) throws {
        chunks = try FileChunks(path: path, chunkSize: chunkSize)
        self.maxBytes = maxBytes
    }

    /// The bytes of the next line, without its line end; nil at the end of the file.
    func next() throws -> [UInt8]? {
        var bytes: [UInt8] = []
        while true {
            if offset >= pending.count {
                pending.removeAll(keepingCapacity: true)
                offset = 0
                if !atEnd {
                    atEnd = try !chunks.next { pending.append(contentsOf: $0) }
                }
                if atEnd {
                    return bytes.isEmpty ? nil : finish(bytes)
                }
                continue
            }
            let end = pending[offset...].firstIndex(of: 0x0A)
            bytes += pending[offset..<(end ?? pending.count)]
            guard bytes.count <= maxBytes else {
                throw SignetError(.invalidInput, "line \(line + 1) is longer than \(maxBytes >> 20) MiB")
            }
            guard let end else {
                offset = pending.count
                continue
            }
            offset = end + 1
            return finish(bytes)
        }
    }

    private func finish(_ bytes: [UInt8]) -> [UInt8] {
        line += 1
        var bytes = bytes[...]
        if line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        return Array(bytes)
    }
}

@available(*, unavailable)
extension LineReader: Sendable {}
