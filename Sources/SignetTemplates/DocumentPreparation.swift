import Foundation
import SignetModel

/// An uploaded PDF made ready to be sent: preflighted in the engine, optionally cleaned of
/// its text tags, its fields gathered (placed by hand, imported from its form, found from its
/// tags), placed in points and checked. Nothing is kept unless every field is valid.
package struct DocumentPreparation: Sendable {
    /// Where the fields come from besides the ones given.
    package struct Sources: Sendable, Hashable {
        /// Import the PDF's own form fields.
        package var formFields = false
        /// Turn `{{...}}` text tags into fields and remove their text.
        package var textTags = false

        /// Creates sources.
        package init(formFields: Bool = false, textTags: Bool = false) {
            self.formFields = formFields
            self.textTags = textTags
        }
    }

    /// A document ready to send.
    package struct Prepared: Sendable {
        /// The PDF to send: the upload, or its copy without text tags.
        package var document: String
        /// Every field, placed in points.
        package var fields: [FieldDefinition]
        /// The document's pages.
        package var pages: [PageReport]
    }

    let engine: EngineRunner
    let limits: EngineLimits

    /// Creates a preparation that runs PDF work through `engine`.
    package init(engine: EngineRunner, limits: EngineLimits = .init()) {
        self.engine = engine
        self.limits = limits
    }

    /// Opens `path` in the engine and refuses what cannot be sent: encrypted files, XFA-only
    /// forms, files that do not open, too many pages. Errors name `name`, never the path.
    package func preflight(_ path: String, name: String) async throws -> DocumentReport {
        let report: DocumentReport
        do {
            report = try await engine(InspectRequest(path: path, limits: limits))
        } catch var error as SignetError {
            error.message = error.message.replacingOccurrences(of: path, with: name)
            throw error
        }
        if report.flags.encrypted {
            throw SignetError(.encrypted, "\(name) is encrypted; remove its password or protection and upload it again")
        }
        if report.flags.xfaOnly {
            throw SignetError(
                .xfaOnly, "\(name) is an XFA-only form, which has no pages to place fields on; print it to a static PDF first")
        }
        guard report.pageCount > 0 else { throw SignetError(.damaged, "\(name) has no pages") }
        return report
    }

    /// Gathers and places the fields of `path` (already preflighted as `report`); a text-tag
    /// cleaned copy goes to `work`. Throws `FieldProblems` (stage `definition`) listing every
    /// problem.
    package func prepare(_ path: String, report: DocumentReport, fields given: [FieldDefinition], from sources: Sources, work: String)
        async throws -> Prepared
    {
        var document = path
        var report = report
        var fields = given
        var problems: [FieldProblem] = []
        if sources.textTags {
            let found = try await TextTagFields(engine: engine, limits: limits).extract(from: path, output: work + "/untagged.pdf")
            document = work + "/untagged.pdf"
            fields += found.fields
            problems += found.problems
            report = try await engine(InspectRequest(path: document, limits: limits))
        }
        if sources.formFields { fields += FormFieldImport.fields(of: report).fields }
        if fields.contains(where: { $0.anchor != nil }) {
            report = try await engine(InspectRequest(path: document, includeWords: true, limits: limits))
        }
        let placement = FieldLayout.place(fields, in: report)
        problems += placement.problems
        guard problems.isEmpty else { throw FieldProblems(stage: "definition", problems: problems) }
        return Prepared(document: document, fields: placement.fields, pages: report.pages)
    }
}

/// Fields from a PDF's `{{...}}` text tags, whose text the engine removes into a copy.
struct TextTagFields: Sendable {
    let engine: EngineRunner
    let limits: EngineLimits

    /// The fields of the tags in `pdf` (the cleaned copy written to `output`), and a problem
    /// for each tag that does not parse.
    func extract(from pdf: String, output: String) async throws -> (fields: [FieldDefinition], problems: [FieldProblem], count: Int) {
        let found = try await engine(TextTagRequest(path: pdf, output: output, limits: limits))
        var fields: [FieldDefinition] = []
        var problems: [FieldProblem] = []
        for (index, tag) in found.tags.enumerated() {
            do {
                fields.append(try TextTag(parsing: tag.text).field(page: tag.page, box: tag.rect, number: index + 1))
            } catch {
                problems.append(FieldProblem(field: "tag \(index + 1) (page \(tag.page))", label: tag.text, reason: error.message))
            }
        }
        return (fields, problems, found.tags.count)
    }
}
