import Foundation
import SignetFiles
import SignetModel

/// One run of a `TemplateBatch`: the rows are handed out one at a time to `jobs` job slots,
/// child tasks each of which validates its row and stamps it through the engine (placed on the
/// slot's CPU and executor, see `TemplateBatch.placement`). Everything the slots share is guarded by `lock`,
/// held only for a row's bookkeeping, never across an `await`.
final class BatchRun: @unchecked Sendable {
    /// What the run has done so far.
    struct Counts {
        var written = 0
        var valid = 0
        var failed = 0
        var skipped = 0
    }

    let batch: TemplateBatch
    let template: CheckedTemplate
    let options: TemplateBatch.Options
    let folder: BatchFolder
    let fieldsByID: [String: FieldDefinition]
    let dataFolder: String
    let documentPath: String
    let signedAt: Date
    let clock: ContinuousClock.Instant
    let total: Int
    let progress: @Sendable (TemplateBatch.Progress) -> Void

    // Guarded by `lock`.
    private let lock = NSLock()
    private let rows: RowReader
    private let report: BatchReportWriter
    private let carried: [Int: String]
    private var names: Set<String>
    private var stopped: Error?
    private var tally = Counts()

    init(
        batch: TemplateBatch, template: CheckedTemplate, options: TemplateBatch.Options, folder: BatchFolder, rows: RowReader,
        report: BatchReportWriter, carried: [Int: String], signedAt: Date, clock: ContinuousClock.Instant, total: Int,
        progress: @escaping @Sendable (TemplateBatch.Progress) -> Void
    ) {
        self.batch = batch
        self.template = template
        self.options = options
        self.folder = folder
        fieldsByID = Dictionary(template.fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        dataFolder = URL(fileURLWithPath: options.data).deletingLastPathComponent().standardized.path
        documentPath = URL(fileURLWithPath: template.folder.documentPath).standardized.path
        self.signedAt = signedAt
        self.clock = clock
        self.total = total
        self.progress = progress
        self.rows = rows
        self.report = report
        self.carried = carried
        // Names of PDFs already done stay taken, so a resumed run still refuses duplicates.
        names = options.nameColumn == nil ? [] : Set(carried.values)
    }

    /// What the run did (read once it has ended).
    var counts: Counts {
        lock.lock()
        defer { lock.unlock() }
        return tally
    }

    /// Runs every row in `options.jobs` job slots and waits for them. Rethrows an error that
    /// stopped the run (the data file could not be read on, the report could not be written);
    /// throws `CancellationError` when the calling task was cancelled (no slot takes a new row).
    func start() async throws {
        await withTaskGroup(of: Void.self) { slots in
            for index in 0..<options.jobs {
                let slot = batch.placement(index, options.jobs)
                let engine = batch.engine.placed(on: slot.cpu)
                slots.addTask(executorPreference: slot.executor) { [self] in
                    while !Task.isCancelled, let row = nextRow() {
                        let line = await handle(row, engine: engine)
                        record(line)
                    }
                }
            }
        }
        if options.durable { report.sync() }
        if let stopped { throw stopped }
        try Task.checkCancellation()
    }

    /// The next row to work on; rows an earlier run finished are counted as skipped here.
    private func nextRow() -> BatchRow? {
        lock.lock()
        defer { lock.unlock() }
        while stopped == nil {
            do {
                guard let row = try rows.next() else { return nil }
                guard let output = carried[row.number] else { return row }
                tally.skipped += 1
                notify(BatchReportLine(row: row.number, line: row.line, status: .written, output: output))
            } catch {
                stopped = error
            }
        }
        return nil
    }

    private func record(_ line: BatchReportLine) {
        lock.lock()
        defer { lock.unlock() }
        switch line.status {
        case .written: tally.written += 1
        case .valid: tally.valid += 1
        case .failed: tally.failed += 1
        }
        do {
            try report.append(line)
        } catch {
            stopped = stopped ?? error
        }
        notify(line)
    }

    /// Reports progress; called with `lock` held, so the callback sees rows one at a time.
    private func notify(_ line: BatchReportLine) {
        progress(
            TemplateBatch.Progress(
                rows: total, done: tally.written + tally.valid + tally.failed + tally.skipped, failed: tally.failed,
                skipped: tally.skipped, elapsed: (ContinuousClock.now - clock).seconds, last: line))
    }

    /// Claims a PDF name for a row; false when another row already has it.
    func claim(_ name: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return names.insert(name).inserted
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
