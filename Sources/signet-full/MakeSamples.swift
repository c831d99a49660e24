import ArgumentParser
import Foundation
import SignetCommandLine
import SignetModel
import SignetPDF
import SignetSamples
import SignetTemplates

/// Regenerates `SampleDocs/` from code, so every sample is ours and reproducible, and, when
/// asked, the example templates of `Templates/`.
struct MakeSamples: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-samples", abstract: "Write the sample PDFs of SampleDocs/ (for developers).", shouldDisplay: false)

    @Argument(help: "Directory to write into.") var directory = "SampleDocs"
    @Option(help: "Also write the example templates into this directory (e.g. Templates), each checked.") var templates: String?
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        for path in try SampleDocuments.write(to: directory) { print(path) }
        guard let templates else { return }
        let pool = engine.makePool(reading: [templates])
        defer { pool.shutdown() }
        let checker = TemplateChecker(engine: pool.engine, limits: engine.limits)
        do {
            for slug in TemplateDocuments.slugs {
                let drawn = NSTemporaryDirectory() + "signet-\(slug)-\(UUID().uuidString).pdf"
                defer { try? FileManager.default.removeItem(atPath: drawn) }
                let definition = try TemplateDocuments.draw(slug, to: drawn)
                let folder = try TemplateFolder.write(definition, document: drawn, to: templates + "/" + slug)
                let checked = try await checker.check(folder)
                guard checked.problems.isEmpty else { throw FieldProblems(stage: "definition", problems: checked.problems) }
                print("\(folder.directory): \(checked.fields.count) field(s), \(folder.identity.contentHash)")
            }
        } catch let problems as FieldProblems {
            throw Output.fail(problems, json: false)
        } catch let error as SignetError {
            throw Output.fail(error, json: false)
        }
    }
}
