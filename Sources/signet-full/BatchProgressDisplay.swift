import Foundation
import SignetModel
import SignetTemplates

/// Shows a batch's progress on stderr: a bar redrawn in place on a terminal (rows done, rows
/// per second, failures, time left), plain lines every few seconds otherwise (logs, CI). The
/// first failed rows are printed as they happen, so a bad column shows up at once.
final class BatchProgressDisplay: @unchecked Sendable {
    /// Failed rows printed in full; the rest are only in the report.
    static let failuresShown = 10

    private let terminal: Bool
    private let interval: Double
    // Guarded by `lock` (the batch already calls in one row at a time; this keeps it so).
    private let lock = NSLock()
    private var lastDrawn = -Double.infinity
    private var failuresPrinted = 0
    private var drawn = false
    private var latest: TemplateBatch.Progress?

    init(terminal: Bool) {
        self.terminal = terminal
        interval = terminal ? 0.1 : 5
    }

    func update(_ progress: TemplateBatch.Progress) {
        lock.lock()
        defer { lock.unlock() }
        latest = progress
        if progress.last.status == .failed && failuresPrinted < Self.failuresShown {
            failuresPrinted += 1
            clearBar()
            let more = failuresPrinted == Self.failuresShown ? "\n(further failures are only in report.jsonl)" : ""
            emit(Self.describe(progress.last) + more + "\n")
        }
        if progress.elapsed - lastDrawn >= interval || progress.done == progress.rows {
            lastDrawn = progress.elapsed
            draw(progress)
        }
    }

    /// Ends the bar's line, so what follows starts on a line of its own.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if terminal && drawn { emit("\n") }
        drawn = false
    }

    private func draw(_ p: TemplateBatch.Progress) {
        let rate = p.elapsed > 0 ? Double(p.done - p.skipped) / p.elapsed : 0
        let left = rate > 0 ? Double(p.rows - p.done) / rate : nil
        let numbers =
            "\(p.done)/\(p.rows) rows  \(String(format: "%.1f", rate)) rows/s  \(p.failed) failed"
            + (p.skipped > 0 ? "  \(p.skipped) skipped" : "") + "  \(left.map { "\(Self.clock($0)) left" } ?? "")"
        if terminal {
            let width = 28
            let filled = p.rows > 0 ? width * p.done / p.rows : width
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            emit("\r\u{1B}[2K[\(bar)] \(numbers)")
            drawn = true
        } else {
            emit("batch: \(numbers)\n")
        }
    }

    private func clearBar() {
        if terminal && drawn { emit("\r\u{1B}[2K") }
    }

    /// Writes to stderr; a closed stderr only ends the display (FileHandle would trap on it, as
    /// the worker pool ignores SIGPIPE).
    private func emit(_ text: String) {
        Array(text.utf8).withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// A failed row in one line per problem, for people.
    static func describe(_ line: BatchReportLine) -> String {
        let place = "row \(line.row)" + (line.line.map { " (line \($0))" } ?? "")
        var parts = (line.problems ?? []).map { "\(place): \($0)" }
        if let error = line.error, line.problems?.isEmpty ?? true {
            parts.append("\(place): \(error.code.rawValue): \(error.message)")
        }
        return parts.joined(separator: "\n")
    }

    /// The closing line of a run.
    static func line(_ s: BatchSummary, folder: String) -> String {
        let done = s.dryRun ? "\(s.valid) valid" : "\(s.written) written"
        let skipped = s.skipped > 0 ? ", \(s.skipped) skipped (already done)" : ""
        return
            "\(folder): \(s.rows) row(s): \(done), \(s.failed) failed\(skipped) in \(String(format: "%.1f", s.seconds)) s (\(String(format: "%.1f", s.rowsPerSecond)) rows/s); report: \(folder)/report.jsonl"
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
