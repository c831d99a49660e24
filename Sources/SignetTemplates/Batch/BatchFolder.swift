import Foundation
import SignetFiles
import SignetModel

/// The output folder of a batch: its PDFs, `report.jsonl` and `summary.json`, a lock that keeps
/// a second run out while one is writing, and what an interrupted run left behind.
final class BatchFolder {
    /// The folder, as an absolute path.
    let path: String
    private var lock: Int32

    /// The report's path.
    var reportPath: String { path + "/report.jsonl" }

    /// Creates the folder if needed and locks it for this run. The lock is the kernel's
    /// (`flock`), so it goes away with the process, even one killed with SIGKILL.
    init(_ folder: String) throws {
        path = URL(fileURLWithPath: folder).standardized.path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SignetError(.io, "cannot create the output folder \(path): \(error.localizedDescription)")
        }
        lock = open(path + "/.signet-batch.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw SignetError(.io, "cannot write into \(path): \(String(cString: strerror(errno)))") }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            throw SignetError(.invalidInput, "another batch is writing into \(path); wait for it to end")
        }
    }

    deinit { unlock() }

    /// Ends this run's hold on the folder. Called when the run ends, not left to `deinit`:
    /// worker threads may hold the folder a moment longer, and a next run in the same process
    /// (tests, a server) must not find it still locked.
    func unlock() {
        guard lock >= 0 else { return }
        flock(lock, LOCK_UN)
        close(lock)
        lock = -1
    }

    /// The PDF name of a row without a name column: `row-000042.pdf`.
    static func numberedName(_ row: Int) -> String {
        let digits = String(row)
        return "row-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".pdf"
    }

    /// The PDF name a name column's cell gives, or why it cannot be a file name. Names stay
    /// plain (letters, digits, `-`, `_`, `.`), so a cell can never reach outside the folder.
    static func name(from cell: String) -> Result<String, SignetError> {
        let text = cell.trimmingCharacters(in: .whitespaces)
        let base = text.lowercased().hasSuffix(".pdf") ? String(text.dropLast(4)) : text
        let plain = base.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
        guard !base.isEmpty, base.count <= 120, plain, !base.hasPrefix(".") else {
            return .failure(
                SignetError(
                    .invalidInput, "'\(cell)' cannot name a file: use up to 120 letters, digits, '-', '_' and '.', not starting with '.'"))
        }
        return .success(base + ".pdf")
    }

    /// Removes the temporary files of writes that an interrupted run never finished (named
    /// `.NAME.PID.RANDOM.tmp` by `AtomicFile`), so none is left behind.
    func removeLeftovers() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where Self.isTemporary(name) {
            unlink(path + "/" + name)
        }
    }

    static func isTemporary(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return name.hasPrefix(".") && parts.count >= 5 && parts.last == "tmp"
            && parts[parts.count - 2].allSatisfy(\.isNumber) && parts[parts.count - 3].allSatisfy(\.isNumber)
    }

    /// The rows an earlier run finished: those whose PDF is still there with the hash its report
    /// recorded. The report is rewritten (atomically) with exactly their lines, so the rows
    /// done again, or for the first time, are appended to a report without stale entries.
    /// Returns the output name of each such row.
    func carryOver() throws -> [Int: String] {
        var done: [Int: BatchReportLine] = [:]
        if FileManager.default.fileExists(atPath: reportPath) {
            let lines = try LineReader(path: reportPath)
            let decoder = JSONDecoder()
            // A line cut short by a kill does not decode, and its row is simply done again.
            while let bytes = try lines.next() {
                guard let line = try? decoder.decode(BatchReportLine.self, from: Data(bytes)) else { continue }
                done[line.row] = line.status == .written ? line : nil
            }
        }
        let kept = done.values.filter { line in
            guard let output = line.output, let sha = line.sha256 else { return false }
            return (try? FileDigest.sha256(file: path + "/" + output)) == sha
        }.sorted { $0.row < $1.row }
        let temp = AtomicFile.temporaryPath(for: reportPath)
        do {
            let writer = try BatchReportWriter(path: temp, truncate: true)
            for line in kept { try writer.append(line) }
        } catch {
            unlink(temp)
            throw error
        }
        try AtomicFile.commit(temp, to: reportPath)
        return Dictionary(uniqueKeysWithValues: kept.map { ($0.row, $0.output!) })
    }
}

@available(*, unavailable)
extension BatchFolder: Sendable {}
