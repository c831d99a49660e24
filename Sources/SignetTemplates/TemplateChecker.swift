import SignetModel

/// A template whose fields have been placed on its document: units normalised to points,
/// anchors resolved, every definition problem listed.
package struct CheckedTemplate: Sendable {
    /// The template as stored.
    package var folder: TemplateFolder
    /// The fields, placed (what is stamped and what the console shows).
    package var fields: [FieldDefinition]
    /// Definition problems of the template and its fields; empty when it can be used.
    package var problems: [FieldProblem]
    /// The document's pages, as the engine reports them.
    package var pages: [PageReport]
}

/// The *definition* check of a stored template, against its own document.
package struct TemplateChecker: Sendable {
    let engine: EngineRunner
    let limits: EngineLimits

    /// Creates a checker that runs PDF work through `engine`.
    package init(engine: EngineRunner, limits: EngineLimits = .init()) {
        self.engine = engine
        self.limits = limits
    }

    /// Loads nothing itself: checks `folder` (read with `TemplateFolder.load`).
    package func check(_ folder: TemplateFolder) async throws -> CheckedTemplate {
        let anchored = folder.definition.fields.contains { $0.anchor != nil }
        let report = try await engine(InspectRequest(path: folder.documentPath, includeWords: anchored, limits: limits))
        guard !report.flags.needsPassword else {
            throw SignetError(.encrypted, "\(folder.documentPath) needs a password; a template's document must open without one")
        }
        let placement = FieldLayout.place(folder.definition.fields, in: report)
        return CheckedTemplate(
            folder: folder, fields: placement.fields, problems: folder.definition.problems + placement.problems,
            pages: report.pages.map { page in
                var page = page
                page.words = nil
                return page
            })
    }
}
