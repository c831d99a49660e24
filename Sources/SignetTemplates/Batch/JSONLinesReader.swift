import Foundation
import SignetModel

/// Reads JSON Lines one object at a time, streaming: one JSON object per line, blank lines
/// skipped. A line that is not a JSON object comes back with `problem` set, so it fails alone.
final class JSONLinesReader {
    /// One line: its values by key (null values left out), the line number, and why it could
    /// not be read.
    struct Record {
        var cells: [String: RowCell]
        var line: Int
        var problem: String?
    }

    private let lines: LineReader
    private let decoder = JSONDecoder()

    /// Opens `path`.
    init(path: String, chunkSize: Int = 64 * 1024) throws {
        lines = try LineReader(path: path, chunkSize: chunkSize)
    }

    /// The next non-blank line, or nil at the end of the file.
    func next() throws -> Record? {
        while let bytes = try lines.next() {
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            do {
                let object = try decoder.decode([String: OptionalCell].self, from: Data(bytes))
                return Record(cells: object.compactMapValues(\.cell), line: lines.line)
            } catch {
                return Record(
                    cells: [:], line: lines.line, problem: "line \(lines.line) is not a JSON object: \(JSONProblem.describe(error))")
            }
        }
        return nil
    }

    /// A JSON value that may be null (a null value means "no value", like an empty cell).
    private struct OptionalCell: Decodable {
        var cell: RowCell?

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                cell = nil
            } else if let s = try? c.decode(String.self) {
                cell = .text(s)
            } else {
                cell = .value(try c.decode(StampValue.self))
            }
        }
    }
}

@available(*, unavailable)
extension JSONLinesReader: Sendable {}
