import ArgumentParser
import Foundation
import SignetCommandLine
import SignetModel
import SignetTemplates
import SignetTrust
import SignetWorkers

struct Batch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Fill one template from every row of a CSV, TSV or JSON Lines file: one PDF per row and a report per row.",
        discussion: """
            Columns are matched to field ids; --map names a JSON file for other names ({"Customer name": "full_name",
            "Notes": null}, null to leave a column out). A signature, initials or image column holds a file path (relative
            to the data file's folder), a data: URL, or for signatures and initials typed:Name; a checkbox column yes/no.
            Each row is checked for the stage like `signet fill`; a bad row is reported with every problem and never stops
            the batch. DIR receives the PDFs (row-000001.pdf, ... or named by --name-column), report.jsonl (one line per
            row: the PDF and its SHA-256, or the problems) and summary.json. --resume continues an interrupted run: rows
            whose PDF is there with the recorded hash are skipped. Exit status 0 when every row is done, 2 when any row
            failed.
            """)

    @Argument(help: "The template folder, e.g. Templates/loan-application.") var template: String
    @Option(help: "The rows: a .csv or .tsv file with a header row, or .jsonl (one JSON object per line).") var data: String
    @Option(help: "The output folder (DIR).") var out: String
    @Option(help: "Rows stamped at once, one worker process each (default: one per core).") var jobs = ProcessInfo.processInfo
        .activeProcessorCount
    @Option(help: "send (agent fields) or finish (all fields).") var stage: FillCheck.Stage = .finish
    @Option(help: "A JSON file mapping column names to field ids (null leaves a column out).") var map: String?
    @Option(help: "A column whose value names each row's PDF instead of row-000001.pdf.") var nameColumn: String?
    @Flag(help: "Check every row and write only the report.") var dryRun = false
    @Flag(help: "Continue an interrupted run in DIR: skip the rows already written.") var resume = false
    @Flag(inversion: .prefixedNo, help: "Flush each PDF to disk before moving it into place.") var fsync = true
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(help: "Keep each job, and the worker it talks to, on a CPU of its own: auto (when there is one job per CPU), on, off.")
    var pin: Pinning = .auto
    @OptionGroup var engine: EngineOptions
    @OptionGroup var seal: SealOptions

    /// Whether batch jobs are pinned to CPUs (see `CPUAffinity`). `auto` pins only when there is
    /// one job per CPU: with fewer the batch shares the machine, and two such batches pinned alike
    /// would share one CPU while another idles.
    enum Pinning: String, ExpressibleByArgument, CaseIterable {
        case auto, on, off
    }

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
    }

    func run() async throws {
        let pool = WorkerPool(
            executable: Executable.engine,
            limits: WorkerLimits(timeoutSeconds: engine.timeout, memoryMB: engine.memoryMB, workers: jobs),
            // Image values of the rows are files beside the data file.
            access: .folders(reading: [template, data], writing: [out]))
        defer { pool.shutdown() }
        // The workers start (and warm up) while the template and the data file are checked; a
        // dry run stamps nothing, so it needs only the one that checks the template.
        pool.prestart(dryRun ? 1 : jobs)
        var options = TemplateBatch.Options(data: data, output: out, images: .filesAllowed)
        options.stage = stage
        options.jobs = jobs
        options.dryRun = dryRun
        options.resume = resume
        options.nameColumn = nameColumn
        options.durable = fsync
        let display = BatchProgressDisplay(terminal: isatty(2) != 0)
        let summary: BatchSummary
        do {
            if let map { options.mapping = try ColumnMapping.load(map) }
            let folder = try TemplateFolder.load(template)
            let checked = try await TemplateChecker(engine: pool.engine, limits: engine.limits).check(folder)
            let cpus = CPUAffinity.current()
            let pinned = !cpus.isEmpty && (pin == .on || (pin == .auto && jobs == cpus.count))
            // With --seal, each row's PDF is sealed as it is written (its SHA-256 in the report is the sealed file's).
            let sealer = try seal.sealer(pool: pool, limits: engine.limits)
            // Each job slot on a thread of its own (see `WorkerLane`), on the slot's CPU when pinned.
            let lanes = (0..<jobs).map { WorkerLane(cpu: pinned ? cpus[$0 % cpus.count] : nil) }
            defer { lanes.forEach { $0.stop() } }
            let batch = TemplateBatch(
                engine: sealer.map { $0.sealingStamps(pool.engine) } ?? pool.engine, limits: engine.limits,
                workerPeakKB: { pool.peakResidentKB }
            ) { index, _ in
                TemplateBatch.Slot(cpu: pinned ? cpus[index % cpus.count] : nil, executor: lanes[index])
            }
            summary = try await batch.run(checked, options: options) { display.update($0) }
            display.finish()
        } catch let problems as FieldProblems {
            display.finish()
            throw Output.fail(problems, json: json)
        } catch let error as SignetError {
            display.finish()
            throw Output.fail(error, json: json)
        }
        if json {
            try Output.json(summary)
        } else {
            print(BatchProgressDisplay.line(summary, folder: out))
        }
        if summary.failed > 0 { throw ExitCode(2) }
    }
}
