import Foundation
import SignetFiles
import SignetModel

/// Fills one template from every row of a data file: one PDF per row, a line per row in
/// `report.jsonl`, and `summary.json`, in an output folder.
///
/// Rows are streamed: read one at a time as a job slot frees up, validated here (the stage's
/// check, as `TemplateFiller.validate`), and stamped through the engine, `jobs` at a time. Each stamp
/// asks the worker to keep the template parsed (`StampRequest.keepInputOpen`), so a worker
/// parses it once, not once per row. A bad row never stops the batch; it is reported with
/// every problem it has. `resume` continues an interrupted run: rows whose PDF is there with
/// the hash the report recorded are skipped.
package struct TemplateBatch: Sendable {
    /// What to fill and how.
    package struct Options: Sendable {
        /// The data file: `.csv`, `.tsv` (each with a header row) or `.jsonl`.
        package var data: String
        /// The output folder.
        package var output: String
        /// `send` (agent fields) or `finish` (every field).
        package var stage: FillCheck.Stage = .finish
        /// Rows stamped at once (one worker each).
        package var jobs = 1
        /// Validate every row and write only the report.
        package var dryRun = false
        /// Continue an interrupted run in the same folder.
        package var resume = false
        /// Which field each column fills.
        package var mapping = ColumnMapping()
        /// The column whose value names each row's PDF; default `row-000001.pdf`, ...
        package var nameColumn: String?
        /// Flush each PDF to disk before moving it into place.
        package var durable = true
        /// Where images may come from: files too on the command line; over HTTP only data
        /// URLs, since a path would have the server read its own disk.
        package var images: ImageSources

        /// Creates options for `data` into `output`, images from where `images` allows.
        package init(data: String, output: String, images: ImageSources) {
            self.data = data
            self.output = output
            self.images = images
        }
    }

    /// How far a run is, after each row.
    package struct Progress: Sendable {
        /// Rows in the data file.
        package var rows: Int
        /// Rows handled so far, skipped ones included.
        package var done: Int
        /// Rows that failed so far.
        package var failed: Int
        /// Rows skipped as already done.
        package var skipped: Int
        /// Seconds since the run started.
        package var elapsed: Double
        /// The row just handled.
        package var last: BatchReportLine
    }

    /// Where one job slot runs.
    package struct Slot: Sendable {
        /// The CPU its stamps run on (nil: anywhere).
        package var cpu: Int?
        /// The executor its task prefers (nil: Swift's shared threads). The command line gives
        /// each slot a thread of its own, on which the worker pool exchanges its jobs in place.
        package var executor: (any TaskExecutor)?

        /// Creates a slot's placement.
        package init(cpu: Int? = nil, executor: (any TaskExecutor)? = nil) {
            self.cpu = cpu
            self.executor = executor
        }
    }

    let engine: EngineRunner
    let limits: EngineLimits
    let workerPeakKB: @Sendable () -> Int?
    let placement: @Sendable (_ index: Int, _ jobs: Int) -> Slot

    /// Creates a batch that stamps through `engine`; `workerPeakKB` reports the workers' peak
    /// memory for the summary, when the engine knows it; `placement` says where each job slot
    /// runs (the command line keeps each slot, and its worker, on a CPU of its own, on a thread
    /// of its own; by default anywhere).
    package init(
        engine: EngineRunner, limits: EngineLimits = .init(), workerPeakKB: @escaping @Sendable () -> Int? = { nil },
        placement: @escaping @Sendable (_ index: Int, _ jobs: Int) -> Slot = { _, _ in Slot() }
    ) {
        self.engine = engine
        self.limits = limits
        self.workerPeakKB = workerPeakKB
        self.placement = placement
    }

    /// Runs the batch. Throws before any row when the template, the data file's header or the
    /// mapping is wrong, or a resume does not match the earlier run; afterwards, only when the
    /// data file itself cannot be read on, or when the calling task is cancelled (the rows
    /// being stamped end first; the report holds every row handled). Rows that fail are in the report and the summary.
    package func run(
        _ template: CheckedTemplate, options: Options, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> BatchSummary {
        guard template.problems.isEmpty else { throw FieldProblems(stage: "definition", problems: template.problems) }
        guard options.jobs >= 1 else { throw SignetError(.invalidInput, "jobs must be at least 1") }
        let started = Date()
        let clock = ContinuousClock.now
        // A first pass reads the header and counts the rows (for the progress and the summary);
        // the run streams the file again.
        let counting = try RowReader(path: options.data)
        let mismatched = options.mapping.problems(fields: template.fields, columns: counting.columns, nameColumn: options.nameColumn)
        guard mismatched.isEmpty else {
            throw SignetError(.invalidInput, "\(options.data): " + mismatched.joined(separator: "; "))
        }
        var rows = 0
        while try counting.next() != nil { rows += 1 }

        let folder = try BatchFolder(options.output)
        defer { folder.unlock() }
        folder.removeLeftovers()
        var summary = BatchSummary(
            template: template.folder.identity, data: options.data, dataSHA256: try FileDigest.sha256(file: options.data),
            mapping: options.mapping, nameColumn: options.nameColumn, stage: options.stage, dryRun: options.dryRun, state: .running,
            rows: rows, written: 0, valid: 0, failed: 0, skipped: 0, jobs: options.jobs,
            startedAt: ISO8601DateFormatter().string(from: started), seconds: 0, rowsPerSecond: 0)
        var carried: [Int: String] = [:]
        if options.resume {
            if let earlier = try BatchSummary.load(from: folder.path), let why = summary.mismatch(with: earlier) {
                throw SignetError(
                    .invalidInput, "\(folder.path) holds a different batch: \(why); run without --resume to start afresh")
            }
            carried = try folder.carryOver()
        }
        try summary.write(to: folder.path)

        let run = BatchRun(
            batch: self, template: template, options: options, folder: folder, rows: try RowReader(path: options.data),
            report: try BatchReportWriter(path: folder.reportPath, truncate: !options.resume), carried: carried,
            signedAt: started, clock: clock, total: rows, progress: progress)
        try await run.start()

        let seconds = (ContinuousClock.now - clock).seconds
        let counts = run.counts
        summary.state = .finished
        summary.written = counts.written
        summary.valid = counts.valid
        summary.failed = counts.failed
        summary.skipped = counts.skipped
        summary.seconds = (seconds * 1000).rounded() / 1000
        let handled = Double(counts.written + counts.valid + counts.failed)
        summary.rowsPerSecond = seconds > 0 ? (handled / seconds * 10).rounded() / 10 : 0
        summary.workerPeakMB = workerPeakKB().map { (Double($0) / 1024 * 10).rounded() / 10 }
        try summary.write(to: folder.path)
        return summary
    }
}
