import ArgumentParser
import Foundation
import SignetCommandLine
import SignetModel
import SignetTemplates

/// `signet template new|check`: templates as files, made from a PDF and checked like code.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "Make and check templates (Templates/<slug>/template.json + document.pdf).",
        subcommands: [New.self, Check.self])

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write a template from a PDF, with fields from its form fields and/or its {{...}} text tags.")

        @Argument(help: "The PDF.") var file: String
        @Flag(help: "Import the PDF's own AcroForm fields.") var fromFormFields = false
        @Flag(help: "Turn {{KIND;key=value;flag}} text tags into fields and remove their text from the document.")
        var fromTextTags = false
        @Option(name: .shortAndLong, help: "The template folder to write, e.g. Templates/loan-application.") var output: String
        @Option(help: "Name (default: the PDF's title, else the slug).") var name: String?
        @Option(help: "Folder the template is filed under in the console.") var folder = "General"
        @Option(help: "What the template is for.") var description = ""
        @Option(help: "Comma-separated ids of fields the agent fills.", transform: Self.list) var agent: [String] = []
        @Option(help: "Comma-separated ids of fields that must be filled.", transform: Self.list) var required: [String] = []
        @Flag(help: "Replace an existing template folder.") var force = false
        @Flag(help: "Print the result as JSON.") var json = false
        @OptionGroup var engine: EngineOptions

        static func list(_ s: String) -> [String] {
            s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func run() async throws {
            if !force && FileManager.default.fileExists(atPath: output + "/template.json") {
                throw Output.fail(SignetError(.invalidInput, "\(output) already holds a template; give --force to replace it"), json: json)
            }
            var options = TemplateMaker.Options()
            options.fromFormFields = fromFormFields
            options.fromTextTags = fromTextTags
            options.name = name
            options.folder = folder
            options.description = description
            options.agentFields = agent
            options.requiredFields = required
            // The worker writes the document without its text tags here, not in the shared /tmp.
            let scratch = NSTemporaryDirectory() + "signet-make-\(UUID().uuidString)"
            try FileManager.default.createDirectory(
                atPath: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            // The new template is checked where it is written (`output`, made by this process).
            let pool = engine.makePool(reading: [file, output], writing: [scratch])
            defer { pool.shutdown() }
            let maker = TemplateMaker(engine: pool.engine, limits: engine.limits, scratch: scratch)
            do {
                let outcome = try await maker.make(from: file, options: options, into: output)
                let t = outcome.template
                for s in outcome.skipped { Output.note("skipped form field \(s.field): \(s.reason)") }
                if json {
                    try Output.json(TemplateSummary(t))
                } else {
                    print("\(t.folder.directory): \(t.fields.count) field(s), \(outcome.tagCount) from text tags")
                    print("  \(t.folder.identity.contentHash)")
                    for f in t.fields { print("  " + TemplateSummary.line(f)) }
                }
            } catch let problems as FieldProblems {
                throw Output.fail(problems, json: json)
            } catch let error as SignetError {
                throw Output.fail(error, json: json)
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check templates: every field on an existing page, inside it, ids unique, options and patterns valid.")

        @Argument(help: "Template folders (default: every folder under ./Templates).") var templates: [String] = []
        @Flag(help: "Print the placed fields and problems as JSON.") var json = false
        @OptionGroup var engine: EngineOptions

        func run() async throws {
            let folders = templates.isEmpty ? Self.allTemplates() : templates
            let pool = engine.makePool(reading: folders)
            defer { pool.shutdown() }
            let checker = TemplateChecker(engine: pool.engine, limits: engine.limits)
            var summaries: [TemplateSummary] = []
            var failed = false
            for path in folders {
                do {
                    let checked = try await checker.check(try TemplateFolder.load(path))
                    summaries.append(TemplateSummary(checked))
                    failed = failed || !checked.problems.isEmpty
                    guard !json else { continue }
                    let status = checked.problems.isEmpty ? "ok" : "\(checked.problems.count) problem(s)"
                    print("\(path): \(status), \(checked.fields.count) field(s), \(checked.folder.identity.contentHash)")
                    for p in checked.problems { print("  - \(p)") }
                } catch let error as SignetError {
                    failed = true
                    summaries.append(TemplateSummary(directory: path, error: error))
                    if !json { print("\(path): \(error)") }
                }
            }
            if json { try Output.json(summaries) }
            if failed { throw ExitCode(2) }
        }

        /// The folders of `./Templates` that hold a `template.json`.
        static func allTemplates() -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "Templates")) ?? []
            return names.sorted().map { "Templates/\($0)" }.filter { FileManager.default.fileExists(atPath: $0 + "/template.json") }
        }
    }
}

/// The JSON form of a checked template: identity, placed fields (points, anchors resolved) and
/// problems.
struct TemplateSummary: Encodable {
    var directory: String
    var identity: TemplateIdentity?
    var name: String?
    var folder: String?
    var pageCount: Int?
    var fields: [FieldDefinition]?
    var problems: [FieldProblem]
    var error: SignetError?

    init(_ t: CheckedTemplate) {
        directory = t.folder.directory
        identity = t.folder.identity
        name = t.folder.definition.name
        folder = t.folder.definition.folder
        pageCount = t.pages.count
        fields = t.fields
        problems = t.problems
    }

    init(directory: String, error: SignetError) {
        self.directory = directory
        self.error = error
        problems = []
    }

    static func line(_ f: FieldDefinition) -> String {
        let r = f.rect.map { "x \($0.x) y \($0.y) \($0.width)x\($0.height)" } ?? "-"
        let flags = [f.required ? "required" : nil, f.readOnly ? "read-only" : nil].compactMap { $0 }.joined(separator: ", ")
        return "\(f.id) [\(f.kind.rawValue), \(f.role.rawValue)\(flags.isEmpty ? "" : ", " + flags)] page \(f.page ?? 0): \(r)"
    }
}
