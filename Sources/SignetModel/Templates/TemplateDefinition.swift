/// The content of `Templates/<slug>/template.json`: what a template is called, where it is
/// filed, and its fields. The PDF beside it is always `document.pdf`.
package struct TemplateDefinition: Codable, Hashable, Sendable {
    /// Display name, e.g. "Home loan application".
    package var name: String
    /// The folder the asset is grouped under in the console, e.g. "Lending".
    package var folder: String
    /// What the document is for.
    package var description: String
    /// A number the admin raises on every published change (the content hash identifies the
    /// exact bytes either way).
    package var version: Int
    /// The fields.
    package var fields: [FieldDefinition]
    /// `true` when an admin has marked the template for pipeline use: only then may a batch
    /// over HTTP fill its customer fields (stage `finish`) without a customer session. Absent
    /// (nil) otherwise, so templates that never had the flag keep their bytes.
    package var pipeline: Bool?

    /// Creates a definition.
    package init(
        name: String, folder: String = "General", description: String = "", version: Int = 1, fields: [FieldDefinition],
        pipeline: Bool? = nil
    ) {
        self.name = name
        self.folder = folder
        self.description = description
        self.version = version
        self.fields = fields
        self.pipeline = pipeline == true ? true : nil
    }

    /// Whether batches over HTTP may fill the customer's fields.
    package var forPipelines: Bool { pipeline == true }

    private enum CodingKeys: String, CodingKey, CaseIterable { case name, folder, description, version, fields, pipeline }

    package init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), what: "a template")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), folder: try c.decodeIfPresent(String.self, forKey: .folder) ?? "General",
            description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
            version: try c.decodeIfPresent(Int.self, forKey: .version) ?? 1, fields: try c.decode([FieldDefinition].self, forKey: .fields),
            pipeline: try c.decodeIfPresent(Bool.self, forKey: .pipeline))
    }

    /// Problems of the template itself (not of its fields), in the same per-field form, keyed
    /// by the template's own keys.
    package var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(FieldProblem(field: "name", label: "name", reason: "the template needs a name"))
        }
        if folder.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(FieldProblem(field: "folder", label: "folder", reason: "the folder name is empty"))
        }
        if version < 1 {
            problems.append(FieldProblem(field: "version", label: "version", reason: "the version is a number from 1 up"))
        }
        return problems
    }
}

/// Exactly which template a session used: its slug, its declared version, and the SHA-256 of
/// its two files, so a later edit can never be mistaken for what the customer signed.
package struct TemplateIdentity: Codable, Hashable, Sendable {
    /// The folder name under `Templates/`.
    package var slug: String
    /// The declared version.
    package var version: Int
    /// `sha256:` and the hex digest of `template.json` followed by `document.pdf`.
    package var contentHash: String

    /// Creates an identity.
    package init(slug: String, version: Int, contentHash: String) {
        self.slug = slug
        self.version = version
        self.contentHash = contentHash
    }
}
