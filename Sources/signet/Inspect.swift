import ArgumentParser
import Foundation
import SignetModel

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a PDF: pages as displayed, metadata, flags, form fields, words and preflight warnings.")

    @Argument(help: "The PDF to inspect.") var file: String
    @Flag(help: "Print the full report as JSON, including every word and its box.") var json = false
    @OptionGroup var engine: EngineOptions

    func run() throws {
        let pool = engine.makePool()
        defer { pool.shutdown() }
        let job = EngineJob.inspect(InspectRequest(path: file, password: engine.password, includeWords: json, limits: engine.limits))
        switch pool.run(job) {
        case .inspected(let report):
            if json { try Output.json(report) } else { print(InspectSummary(report).text) }
        case .failed(let error):
            throw Output.fail(error, json: json)
        default:
            throw Output.fail(SignetError(.internal, "unexpected answer"), json: json)
        }
    }
}
