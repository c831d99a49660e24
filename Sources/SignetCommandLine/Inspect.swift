import ArgumentParser
import Foundation
import SignetModel

package struct Inspect: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract:
            "Describe a PDF: pages as displayed, metadata, flags, form fields, words and preflight warnings; with --json, also how the worker that read it was sandboxed."
    )

    @Argument(help: "The PDF to inspect.") var file: String
    @Flag(help: "Print the full report as JSON, including every word and its box.") var json = false
    @OptionGroup var engine: EngineOptions

    package init() {}

    package func run() async throws {
        let pool = engine.makePool(reading: [file])
        defer { pool.shutdown() }
        let report: DocumentReport
        do {
            report = try await pool.engine(InspectRequest(path: file, password: engine.password, includeWords: json, limits: engine.limits))
        } catch let error as SignetError {
            throw Output.fail(error, json: json)
        }
        guard json else { return print(InspectSummary(report).text) }
        // The same worker, asked how it is confined, after it read the document.
        guard let probe = try? await pool.engine(SandboxProbeRequest()) else {
            throw Output.fail(SignetError(.internal, "the worker did not report its sandbox"), json: json)
        }
        try Output.json(SandboxedReport(report: report, sandbox: probe.status))
    }
}

/// The inspect report with a `sandbox` key beside its own.
struct SandboxedReport: Encodable {
    let report: DocumentReport
    let sandbox: SandboxStatus

    private enum Keys: String, CodingKey { case sandbox }

    func encode(to encoder: Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(sandbox, forKey: .sandbox)
    }
}
