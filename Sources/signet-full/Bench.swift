import ArgumentParser
import Foundation
import SignetCommandLine
import SignetModel
import SignetWorkers

/// Timings for `Benchmarks/run`: repeats engine jobs through one long-lived worker, as the
/// service does, and prints JSON figures. Process start-up is deliberately not counted.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time engine jobs in a long-running worker (for Benchmarks/).", shouldDisplay: false,
        subcommands: [StampBench.self, SealBench.self, RenderBench.self])

    struct Figures: Encodable {
        var job: String
        var file: String
        var runs: Int
        var medianMs: Double
        var minMs: Double
        var maxMs: Double
        var pagesPerSecond: Double?
        var mode: String?
        var workerPeakMB: Double
        /// `bench render --preview-copy`: making the copy the pages were rendered from.
        var copy: CopyFigures?
    }

    struct CopyFigures: Encodable {
        var medianMs: Double
        var imagesReplaced: Int
        var bytes: Int?
    }

    static func figures(job: String, file: String, times: [Double], pool: WorkerPool, pages: Int? = nil, mode: String? = nil) -> Figures {
        let sorted = times.sorted()
        let median = sorted[sorted.count / 2]
        return Figures(
            job: job, file: file, runs: times.count, medianMs: (median * 100).rounded() / 100, minMs: sorted.first!, maxMs: sorted.last!,
            pagesPerSecond: pages.map { (Double($0) / (median / 1000) * 10).rounded() / 10 }, mode: mode,
            workerPeakMB: (Double(pool.peakResidentKB) / 1024 * 10).rounded() / 10)
    }

    static func timed(_ pool: WorkerPool, _ job: EngineJob) async throws -> (Double, EngineOutcome) {
        let start = ContinuousClock.now
        let outcome = await pool.run(job)
        let d = ContinuousClock.now - start
        if case .failed(let error) = outcome { throw Output.fail(error, json: false) }
        return (Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15, outcome)
    }
}

struct StampBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stamp")
    @Argument var file: String
    @Option var fields: String
    @Option var values: String
    @Option var runs = 15
    @Option var mode: MergeMode = .auto
    @Flag(inversion: .prefixedNo, help: "Flush each output to disk, as `signet stamp` does by default.") var fsync = true
    @Option(name: .shortAndLong) var output: String
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let request = StampRequest(
            path: file, fields: try JSONInput.read(StampFieldList.self, from: fields, what: "fields").fields,
            values: try JSONInput.read([String: StampValue].self, from: values, what: "values"), output: output, mode: mode,
            durable: fsync, limits: engine.limits)
        let pool = engine.makePool(reading: [file] + EngineOptions.imageFiles(in: request.values), writing: [output])
        defer { pool.shutdown() }
        _ = try await Bench.timed(pool, .stamp(request))  // warm-up: starts the worker, loads fonts
        var times: [Double] = []
        var written = mode.rawValue
        for _ in 0..<runs {
            let (ms, outcome) = try await Bench.timed(pool, .stamp(request))
            times.append(ms)
            if case .stamped(let report) = outcome { written = report.mode.rawValue }
        }
        try Output.json(Bench.figures(job: "stamp", file: file, times: times, pool: pool, mode: written))
    }
}

struct RenderBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render")
    @Argument var file: String
    @Option var pages = "all"
    @Option var dpi = 150.0
    @Option var runs = 3
    @Option(name: .shortAndLong) var output: String
    @Option(help: "Make a preview copy of the file here first (timed, as often as the renders) and render from it.")
    var previewCopy: String?
    @Option(help: "The widest preview the copy serves, in pixels (the service's widest preview).")
    var previewWidth = 2400
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let pool = engine.makePool(reading: [file], writing: [output] + (previewCopy.map { [$0] } ?? []))
        defer { pool.shutdown() }
        var source = file
        var copyFigures: Bench.CopyFigures?
        if let previewCopy {
            let request = PreviewCopyRequest(path: file, output: previewCopy, maxWidth: previewWidth, limits: engine.limits)
            var times: [Double] = []
            var report: PreviewCopyReport?
            for _ in 0..<runs {
                let (ms, outcome) = try await Bench.timed(pool, .previewCopy(request))
                times.append(ms)
                if case .previewCopied(let r) = outcome { report = r }
            }
            source = report?.output ?? file
            let bytes = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? NSNumber)?.intValue
            copyFigures = Bench.CopyFigures(
                medianMs: (times.sorted()[times.count / 2] * 100).rounded() / 100, imagesReplaced: report?.replaced ?? 0, bytes: bytes)
        }
        let request = RenderRequest(
            path: source, pages: try PageSelection(parsing: pages), scale: .dpi(dpi), output: output, limits: engine.limits)
        var times: [Double] = []
        var count = 0
        for _ in 0..<runs {
            let (ms, outcome) = try await Bench.timed(pool, .render(request))
            times.append(ms)
            if case .rendered(let report) = outcome { count = report.pages.count }
        }
        var figures = Bench.figures(job: "render", file: file, times: times, pool: pool, pages: count)
        figures.copy = copyFigures
        try Output.json(figures)
    }
}
