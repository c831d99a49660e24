import Foundation
import SignetModel

/// One line of `report.jsonl`: what became of one row.
package struct BatchReportLine: Codable, Hashable, Sendable {
    /// The outcome of a row.
    package enum Status: String, Codable, Hashable, Sendable {
        /// The PDF was written (`output`, `sha256`).
        case written
        /// Dry run: the row is valid and would be written as `output`.
        case valid
        /// The row failed: `problems` per field, and/or `error` for the row as a whole.
        case failed
    }

    /// The row's number (1-based; the header is not a row).
    package var row: Int
    /// The line of the data file where the row starts.
    package var line: Int?
    /// What happened.
    package var status: Status
    /// The PDF's file name inside the output folder.
    package var output: String?
    /// The SHA-256 of the PDF as written, in lowercase hex.
    package var sha256: String?
    /// Every problem of the row's values, per field (id, label, reason).
    package var problems: [FieldProblem]?
    /// Why the row failed as a whole: unreadable, or stopped by the engine (damaged template,
    /// time or memory limit, ...).
    package var error: SignetError?
    /// What the engine noted while writing the PDF.
    package var warnings: [Warning]?

    /// Creates a line.
    package init(
        row: Int, line: Int? = nil, status: Status, output: String? = nil, sha256: String? = nil, problems: [FieldProblem]? = nil,
        error: SignetError? = nil, warnings: [Warning]? = nil
    ) {
        self.row = row
        self.line = line
        self.status = status
        self.output = output
        self.sha256 = sha256
        self.problems = problems
        self.error = error
        self.warnings = warnings
    }
}

/// Appends report lines to `report.jsonl`, each with a single `write`, so a run that is killed
/// leaves whole lines (at worst a last partial one, which a resume ignores).
final class BatchReportWriter {
    private let fd: Int32
    private let path: String
    private let encoder: JSONEncoder

    /// Opens `path` for appending; `truncate` starts it empty.
    init(path: String, truncate: Bool) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw SignetError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    deinit { close(fd) }

    /// Appends one line.
    func append(_ line: BatchReportLine) throws {
        let bytes = Array(try encoder.encode(line)) + [0x0A]
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw SignetError(.io, "cannot write \(path): \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
    }

    /// Flushes the report to disk.
    func sync() {
        fsync(fd)
    }
}

@available(*, unavailable)
extension BatchReportWriter: Sendable {}
