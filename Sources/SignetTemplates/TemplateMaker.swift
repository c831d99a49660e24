import Foundation
import SignetFiles
import SignetModel

/// Makes a template from a PDF: fields from its AcroForm and/or its text tags (whose text is
/// removed from the template's document), roles and required flags set by id, every field
/// checked before anything is written.
package struct TemplateMaker: Sendable {
    /// What to build and how to describe it.
    package struct Options: Sendable {
        /// Import the PDF's own form fields.
        package var fromFormFields = false
        /// Turn `{{...}}` text tags into fields and remove their text.
        package var fromTextTags = false
        /// The template's name; default: the PDF's title, else the slug.
        package var name: String?
        /// The folder it is filed under.
        package var folder = "General"
        /// What it is for.
        package var description = ""
        /// Ids of fields the agent fills (the others are the customer's).
        package var agentFields: [String] = []
        /// Ids of fields that must be filled.
        package var requiredFields: [String] = []
        /// Mark the template for pipeline use (batches over HTTP may fill customer fields).
        package var pipeline = false

        /// Creates options.
        package init() {}
    }

    /// What was made.
    package struct Outcome: Sendable {
        /// The written template.
        package var template: CheckedTemplate
        /// Form fields that were not imported, and why.
        package var skipped: [FieldProblem]
        /// Number of text tags turned into fields.
        package var tagCount: Int
    }

    let engine: EngineRunner
    let limits: EngineLimits
    let scratch: String

    /// Creates a maker that runs PDF work through `engine`, with its intermediate files in a
    /// folder of its own under `scratch` (which the engine's workers must be allowed to write).
    package init(engine: EngineRunner, limits: EngineLimits = .init(), scratch: String = NSTemporaryDirectory()) {
        self.engine = engine
        self.limits = limits
        self.scratch = scratch
    }

    /// Builds the template from `pdf` into `directory`. Throws `FieldProblems` (stage
    /// `definition`) without writing anything when a field is wrong.
    package func make(from pdf: String, options: Options, into directory: String) async throws -> Outcome {
        let slug = URL(fileURLWithPath: directory).lastPathComponent
        guard TemplateFolder.isValidSlug(slug) else {
            throw SignetError(.invalidInput, "'\(slug)' is not a template slug: use lowercase letters, digits and dashes")
        }
        let work = URL(fileURLWithPath: scratch).appendingPathComponent("signet-template-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        var document = pdf
        var fields: [FieldDefinition] = []
        var problems: [FieldProblem] = []
        var tagCount = 0
        if options.fromTextTags {
            let untagged = work + "/document.pdf"
            let found = try await TextTagFields(engine: engine, limits: limits).extract(from: pdf, output: untagged)
            document = untagged
            tagCount = found.count
            fields += found.fields
            problems += found.problems
        }
        let report = try await engine(InspectRequest(path: document, limits: limits))
        guard !report.flags.needsPassword else {
            throw SignetError(.encrypted, "\(pdf) needs a password; a template's document must open without one")
        }
        var skipped: [FieldProblem] = []
        if options.fromFormFields {
            let imported = FormFieldImport.fields(of: report)
            fields += imported.fields
            skipped = imported.skipped
        }
        let ids = Set(fields.map(\.id))
        for id in Set(options.agentFields + options.requiredFields) where !ids.contains(id) {
            problems.append(FieldProblem(field: id, label: id, reason: "no field has this id, so its role or required flag cannot be set"))
        }
        for i in fields.indices {
            if options.agentFields.contains(fields[i].id) { fields[i].role = .agent }
            if options.requiredFields.contains(fields[i].id) { fields[i].required = true }
        }
        let title = report.metadata["Title"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let definition = TemplateDefinition(
            name: options.name ?? title ?? slug, folder: options.folder, description: options.description, fields: fields,
            pipeline: options.pipeline)
        let placement = FieldLayout.place(fields, in: report)
        problems += definition.problems + placement.problems
        guard problems.isEmpty else { throw FieldProblems(stage: "definition", problems: problems) }

        var placed = definition
        placed.fields = placement.fields
        let folder = try TemplateFolder.write(placed, document: document, to: directory)
        let checked = try await TemplateChecker(engine: engine, limits: limits).check(folder)
        return Outcome(template: checked, skipped: skipped, tagCount: tagCount)
    }
}
