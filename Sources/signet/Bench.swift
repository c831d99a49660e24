import ArgumentParser
import Foundation
import SignetModel
import SignetWorkers

/// Timings for `Benchmarks/run`: repeats engine jobs through one long-lived worker, as the
/// service does, and prints JSON figures. Process start-up is deliberately not counted.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
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
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let request = RenderRequest(
            path: file, pages: try PageSelection(parsing: pages), scale: .dpi(dpi), output: output, limits: engine.limits)
        let pool = engine.makePool(reading: [file], writing: [output])
        defer { pool.shutdown() }
        var times: [Double] = []
        var count = 0
        for _ in 0..<runs {
            let (ms, outcome) = try await Bench.timed(pool, .render(request))
            times.append(ms)
            if case .rendered(let report) = outcome { count = report.pages.count }
        }
        try Output.json(Bench.figures(job: "render", file: file, times: times, pool: pool, pages: count))
    }
}
