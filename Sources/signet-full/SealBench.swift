import ArgumentParser
import Foundation
import SignetCommandLine
import SignetFiles
import SignetModel
import SignetTrust

/// `signet bench seal`: what a seal adds to a finished document. Each run stamps the file
/// unsealed, then stamps and seals it (both through the same warm worker: the stamp job adds the
/// seal's placeholder to its update, this process signs), and times one SHA-256 pass over the sealed
/// file, the part of a seal that grows with the file. The seal key is a throwaway development
/// identity: the figures are the same for any P-256 key.
struct SealBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seal")
    @Argument var file: String
    @Option var fields: String
    @Option var values: String
    @Option var runs = 15
    @Flag(inversion: .prefixedNo, help: "Flush each output to disk, as `signet stamp` does by default.") var fsync = false
    @Option(name: .shortAndLong) var output: String
    @OptionGroup var engine: EngineOptions

    struct Figures: Encodable {
        var file: String
        var runs: Int
        var sizeMB: Double
        var stampMs: Double
        var sealedStampMs: Double
        var sealMs: Double
        var sha256Ms: Double
        var sealBeyondSHA256Ms: Double
    }

    func run() async throws {
        let request = StampRequest(
            path: file, fields: try JSONInput.read(StampFieldList.self, from: fields, what: "fields").fields,
            values: try JSONInput.read([String: StampValue].self, from: values, what: "values"), output: output,
            durable: fsync, limits: engine.limits)
        let keys = NSTemporaryDirectory() + "signet-bench-seal-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let identity = try DevelopmentCA.identity(in: keys).identity
        let pool = engine.makePool(reading: [file] + EngineOptions.imageFiles(in: request.values), writing: [output])
        defer { pool.shutdown() }
        let sealer = DocumentSealer(identity: identity, limits: engine.limits, engine: pool.engine)
        _ = try await Bench.timed(pool, .stamp(request))  // warm-up: starts the worker, loads fonts
        _ = try await sealer.stamp(request)
        var stamp: [Double] = []
        var sealed: [Double] = []
        var seal: [Double] = []
        var hash: [Double] = []
        for _ in 0..<runs {
            let unsealed = try await Bench.timed(pool, .stamp(request)).0
            stamp.append(unsealed)
            let start = ContinuousClock.now
            _ = try await sealer.stamp(request)
            let end = ContinuousClock.now
            sealed.append(Self.ms(end - start))
            seal.append(Self.ms(end - start) - unsealed)  // paired with the unsealed run just before
            let hashStart = ContinuousClock.now
            _ = try FileDigest.sha256(file: output)
            hash.append(Self.ms(ContinuousClock.now - hashStart))
        }
        let size = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        let figures = Figures(
            file: file, runs: runs, sizeMB: Self.round(Double(size) / 1_048_576), stampMs: Self.median(stamp),
            sealedStampMs: Self.median(sealed), sealMs: Self.median(seal), sha256Ms: Self.median(hash),
            sealBeyondSHA256Ms: Self.round(Self.median(seal) - Self.median(hash)))
        try Output.json(figures)
    }

    static func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
    static func median(_ values: [Double]) -> Double { round(values.sorted()[values.count / 2]) }
    static func round(_ v: Double) -> Double { (v * 100).rounded() / 100 }
}
