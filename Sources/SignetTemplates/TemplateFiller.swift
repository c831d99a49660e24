import Foundation
import SignetModel

/// Fills a template for one stage and writes the PDF through the engine: at `send`, the
/// agent's fields (an agent-prefilled document for the customer); at `finish`, every field
/// (the finished document). Nothing is written unless every value is valid.
package struct TemplateFiller: Sendable {
    /// What was written.
    package struct Outcome: Sendable {
        /// The stamp report (output path, merge mode, fields drawn, warnings).
        package var stamp: StampReport
        /// The values that were drawn, by field id (prefills and signing dates included).
        package var values: [String: StampValue]
        /// Exactly which template version was used.
        package var template: TemplateIdentity
    }

    let engine: EngineRunner
    let limits: EngineLimits
    let images: ImageSources

    /// Creates a filler that runs PDF work through `engine`, drawing images only from where
    /// `images` allows (the server: data: URLs only).
    package init(engine: EngineRunner, limits: EngineLimits = .init(), images: ImageSources) {
        self.engine = engine
        self.limits = limits
        self.images = images
    }

    /// Checks `values` (one flat object keyed by field id) for `stage` and writes `output`.
    /// Throws `FieldProblems` listing every problem (definition problems first, if the
    /// template itself is broken).
    package func fill(
        _ template: CheckedTemplate, values: [String: StampValue], stage: FillCheck.Stage, output: String,
        signedAt: Date = Date(), durable: Bool = true
    ) async throws -> Outcome {
        guard template.problems.isEmpty else { throw FieldProblems(stage: "definition", problems: template.problems) }
        let drawn = try Self.validate(template.fields, values: values, stage: stage, signedAt: signedAt, images: images).get()
        // A finished document carries its field data (`signet-fields.json`), as a session's finish does.
        let attachments =
            stage == .finish ? [try FieldData.file(fields: template.fields, values: drawn, document: Self.describe(template))] : []
        let report = try await stamp(
            template.folder.documentPath, fields: template.fields, checkedValues: drawn, output: output, durable: durable,
            attachments: attachments)
        return Outcome(stamp: report, values: drawn, template: template.folder.identity)
    }

    /// How `signet-fields.json` names a document filled from `template` (and its batch row).
    static func describe(_ template: CheckedTemplate, row: Int? = nil) -> [String: String] {
        let identity = template.folder.identity
        var document = ["title": template.folder.definition.name, "template": identity.slug, "version": "\(identity.version)"]
        if let row { document["row"] = "\(row)" }
        return document
    }

    /// Stamps values that `FillCheck` has already passed (signing dates filled in) onto
    /// `document`: the same drawing for a template and for an uploaded document in a session.
    /// `attachments` are embedded in the same update (the finished document's field data).
    package func stamp(
        _ document: String, fields: [FieldDefinition], checkedValues: [String: StampValue], output: String, mode: MergeMode = .auto,
        durable: Bool = true, attachments: [EmbeddedFile] = []
    ) async throws -> StampReport {
        let input = StampConversion.stampInput(fields, values: checkedValues)
        let request = StampRequest(
            path: document, fields: input.fields, values: input.values, output: output, mode: mode, durable: durable, limits: limits,
            images: images, attachments: attachments)
        return try await engine(request)
    }

    /// The stage's check on one flat set of values: at `send` only agent fields may be given;
    /// at `finish` the values are split by role and checked as the agent's and the customer's.
    package static func validate(
        _ fields: [FieldDefinition], values: [String: StampValue], stage: FillCheck.Stage, signedAt: Date, images: ImageSources
    ) -> Result<[String: StampValue], FieldProblems> {
        switch stage {
        case .send:
            return FillCheck.send(fields, agentValues: values, images: images)
        case .finish:
            let split = FillCheck.split(values, by: fields)
            return FillCheck.finish(
                fields, agentValues: split.agent, customerValues: split.customer.merging(split.unknown) { a, _ in a },
                signedAt: signedAt, images: images)
        }
    }
}
