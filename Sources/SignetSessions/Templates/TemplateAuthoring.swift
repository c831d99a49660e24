import Foundation
import SignetModel
import SignetTemplates

/// Admins making and editing templates in the templates folder, the same files `signet
/// template` makes: a new template from a PDF, made in a hidden folder and renamed into place
/// (a half-made template is never listed, an existing slug never overwritten); an edit checked
/// against the document and saved as the next version, refused when made on a stale one.
package struct TemplateAuthoring: Sendable {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    /// Refuses `slug` when it is not a valid slug or a template already has it (before the
    /// PDF is read).
    package func checkNew(_ slug: String) throws {
        guard TemplateFolder.isValidSlug(slug) else {
            throw FieldProblems(
                stage: "definition",
                problems: [FieldProblem(field: "slug", label: "Slug", reason: "use 1 to 80 lowercase letters, digits and dashes")])
        }
        guard !FileManager.default.fileExists(atPath: "\(services.configuration.templatesDirectory)/\(slug)") else { throw exists(slug) }
    }

    /// The template `slug` made from the PDF `bytes`, and what the maker skipped.
    package func create(_ slug: String, from bytes: [UInt8], options: TemplateMaker.Options) async throws -> (
        CheckedTemplate, TemplateMaker.Outcome
    ) {
        try checkNew(slug)
        let directory = services.configuration.templatesDirectory
        let staging = "\(directory)/.new-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try Data(bytes).write(to: URL(fileURLWithPath: staging + "/upload.pdf"))
        let maker = TemplateMaker(
            engine: services.engine, limits: services.limits, scratch: services.configuration.dataDirectory + "/tmp")
        let outcome = try await maker.make(from: staging + "/upload.pdf", options: options, into: "\(staging)/\(slug)")
        // rename(2) refuses a non-empty target, so a template made meanwhile under the same slug wins.
        guard rename("\(staging)/\(slug)", "\(directory)/\(slug)") == 0 else { throw exists(slug) }
        return (try await services.templates.template(slug), outcome)
    }

    /// The changes an admin makes to a template; nil keeps what is there.
    package struct Edit: Decodable, Sendable {
        var name: String?
        var folder: String?
        var description: String?
        /// The version being edited; a stale one is refused, so two admins never overwrite each other unseen.
        var version: Int?
        var fields: [FieldDefinition]
        /// Whether batches over HTTP may fill the customer's fields (absent: unchanged).
        var pipeline: Bool?
    }

    /// `edit` applied to the template `slug` as its next version; field problems are named
    /// `fields.<id>`, as for ad hoc documents.
    package func update(_ slug: String, with edit: Edit) async throws -> CheckedTemplate {
        let current = try await services.templates.template(slug).folder
        if let version = edit.version, version != current.definition.version {
            throw Self.changed(edited: version, now: current.definition.version)
        }
        var definition = current.definition
        definition.name = edit.name ?? definition.name
        definition.folder = edit.folder ?? definition.folder
        definition.description = edit.description ?? definition.description
        if let pipeline = edit.pipeline { definition.pipeline = pipeline ? true : nil }
        definition.version += 1
        definition.fields = edit.fields
        let request = InspectRequest(
            path: current.documentPath, includeWords: edit.fields.contains { $0.anchor != nil }, limits: services.limits)
        let report = try await services.engine(request)
        let fields = edit.fields
        // The definition check also matches prefilled values against the fields' patterns.
        let placement = try await offload { FieldLayout.place(fields, in: report) }
        // An admin's edit over HTTP may not point a prefill at the server's files either.
        let fieldProblems = placement.problems + ImageSources.dataURLsOnly.problems(edit.fields)
        let problems =
            definition.problems + fieldProblems.map { FieldProblem(field: "fields.\($0.field)", label: $0.label, reason: $0.reason) }
        guard problems.isEmpty else { throw FieldProblems(stage: "definition", problems: problems) }
        definition.fields = placement.fields
        // Saved only if no edit was saved meanwhile, by this instance or another: the check is
        // made again on the files under a lock every instance shares, so of two edits of one
        // version exactly one is saved and the other is told, never silently overwritten.
        let base = current.definition.version
        let saved = definition
        try await services.backend.exclusively("template:\(slug)") {
            let now = try TemplateFolder.load(current.directory).definition.version
            guard now == base else { throw Self.changed(edited: base, now: now) }
            _ = try TemplateFolder.write(saved, document: current.documentPath, to: current.directory)
        }
        return try await services.templates.template(slug)
    }

    /// A slug from a template's name: "Home Loan (2025)" gives "home-loan-2025".
    package static func slug(from name: String) -> String {
        let words = name.lowercased().split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
        return String(words.joined(separator: "-").prefix(80))
    }

    private static func changed(edited: Int, now: Int) -> SignetError {
        SignetError(.conflict, "the template changed meanwhile: you edited version \(edited); it is now version \(now)")
    }

    private func exists(_ slug: String) -> SignetError {
        SignetError(.conflict, "a template '\(slug)' already exists: edit it, or choose another slug")
    }
}
