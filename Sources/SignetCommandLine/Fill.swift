import ArgumentParser
import Foundation
import SignetModel
import SignetTemplates

package struct Fill: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Validate values for a stage and write the filled PDF of a template through the engine.",
        discussion: """
            --stage send checks the agent's fields (every agent-required field valid, no customer field given) and
            writes the agent-prefilled document. --stage finish (the default) checks every field, the agent's and the
            customer's, fills signing dates, and writes the finished document. On any problem, every problem is
            printed and nothing is written.
            """)

    @Argument(help: "The template folder, e.g. Templates/loan-application.") var template: String
    @Option(help: "values.json: an object keyed by field id.") var values: String
    @Option(name: .shortAndLong, help: "The PDF to write.") var output: String
    @Option(help: "send (agent fields) or finish (all fields).") var stage: FillCheck.Stage = .finish
    @Flag(inversion: .prefixedNo, help: "Flush the PDF to disk before moving it into place.") var fsync = true
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var engine: EngineOptions
    @OptionGroup var seal: SealOptions

    package init() {}

    package func run() async throws {
        do {
            let folder = try TemplateFolder.load(template)
            let valueMap = try JSONInput.read([String: StampValue].self, from: values, what: "values")
            let pool = engine.makePool(reading: [template] + EngineOptions.imageFiles(in: valueMap), writing: [output])
            defer { pool.shutdown() }
            let sealer = try seal.sealer(pool: pool, limits: engine.limits)
            let checked = try await TemplateChecker(engine: pool.engine, limits: engine.limits).check(folder)
            // Sealed, the stamp job adds the seal's placeholder and the file is flushed once, sealed.
            let stamping = sealer.map { $0.sealingStamps(pool.engine) } ?? pool.engine
            let outcome = try await TemplateFiller(engine: stamping, limits: engine.limits, images: .filesAllowed).fill(
                checked, values: valueMap, stage: stage, output: output, durable: fsync)
            Output.warn(outcome.stamp.warnings)
            if json {
                try Output.json(FillSummary(outcome))
            } else {
                print(
                    "\(output): \(outcome.stamp.stampedFields.count) field(s) stamped at \(stage.rawValue) from \(folder.identity.slug) v\(folder.identity.version) (\(folder.identity.contentHash))"
                )
            }
        } catch let problems as FieldProblems {
            throw Output.fail(problems, json: json)
        } catch let error as SignetError {
            throw Output.fail(error, json: json)
        }
    }
}

extension FillCheck.Stage: ExpressibleByArgument {}

/// The JSON answer of `signet fill`.
struct FillSummary: Encodable {
    var output: String
    var template: TemplateIdentity
    var stampedFields: [String]
    var mode: MergeMode
    var warnings: [Warning]

    init(_ o: TemplateFiller.Outcome) {
        output = o.stamp.output
        template = o.template
        stampedFields = o.stamp.stampedFields
        mode = o.stamp.mode
        warnings = o.stamp.warnings
    }
}
