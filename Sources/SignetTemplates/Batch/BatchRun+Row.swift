import Foundation
import SignetFiles
import SignetModel

extension BatchRun {
    /// Everything that happens to one row: its cells become values, the stage's check runs,
    /// and a valid row is stamped (unless this is a dry run). Never throws: whatever goes wrong
    /// is the row's report line.
    func handle(_ row: BatchRow, engine: EngineRunner) async -> BatchReportLine {
        var line = BatchReportLine(row: row.number, line: row.line, status: .failed)
        if let problem = row.problem {
            line.error = SignetError(.invalidInput, problem)
            return line
        }
        var (values, problems) = values(of: row)
        let output = outputName(of: row, problems: &problems)
        switch TemplateFiller.validate(template.fields, values: values, stage: options.stage, signedAt: signedAt, images: options.images) {
        case .success(let drawn):
            values = drawn
        case .failure(let found):
            problems = found.problems + problems
        }
        guard problems.isEmpty else {
            line.problems = problems
            return line
        }
        line.output = output
        if options.dryRun {
            line.status = .valid
            return line
        }
        return await stamp(values, into: output, line: line, engine: engine)
    }

    /// The row's values by field id, read by each field's kind, and the problems found on the
    /// way (two columns for one field, an image file that cannot be read). Columns that name no
    /// field keep their name, so the stage's check reports them.
    private func values(of row: BatchRow) -> ([String: StampValue], [FieldProblem]) {
        var values: [String: StampValue] = [:]
        var problems: [FieldProblem] = []
        var source: [String: String] = [:]
        for column in row.cells.keys.sorted() {
            guard let id = options.mapping.field(forColumn: column) else { continue }
            let field = fieldsByID[id]
            // The name column fills a field only when it is (or is mapped to) one.
            if column == options.nameColumn && field == nil { continue }
            let value = CellValue.value(row.cells[column]!, for: field, relativeTo: dataFolder)
            if let other = source[id] {
                problems.append(problem(id, "both '\(other)' and '\(column)' give this field a value"))
                continue
            }
            source[id] = column
            values[id] = value
            if let reason = CellValue.problem(with: value, images: options.images) { problems.append(problem(id, reason)) }
        }
        return (values, problems)
    }

    private func problem(_ id: String, _ reason: String) -> FieldProblem {
        fieldsByID[id].map { FieldProblem($0, reason) } ?? FieldProblem(field: id, label: id, reason: reason)
    }

    /// `row-000042.pdf`, or the name column's value; a name must be plain and unique. A name
    /// that cannot be used adds a problem (and the row fails, so the empty name is never used).
    private func outputName(of row: BatchRow, problems: inout [FieldProblem]) -> String {
        guard let column = options.nameColumn else { return BatchFolder.numberedName(row.number) }
        func refuse(_ reason: String) -> String {
            problems.append(FieldProblem(field: column, label: column, reason: reason))
            return ""
        }
        let text: String
        switch row.cells[column] {
        case .text(let s), .value(.text(let s)): text = s
        default: return refuse("the name column is empty")
        }
        switch BatchFolder.name(from: text) {
        case .failure(let error):
            return refuse(error.message)
        case .success(let name):
            return claim(name) ? name : refuse("another row already names its PDF \(name)")
        }
    }

    /// Stamps a validated row through the engine and records the PDF's hash.
    private func stamp(_ values: [String: StampValue], into name: String, line: BatchReportLine, engine: EngineRunner) async
        -> BatchReportLine
    {
        var line = line
        let input = StampConversion.stampInput(template.fields, values: values)
        let report: StampReport
        do {
            // A finished document carries its field data, as a session's finish does.
            let attachments =
                options.stage == .finish
                ? [try FieldData.file(fields: template.fields, values: values, document: TemplateFiller.describe(template, row: line.row))]
                : []
            let request = StampRequest(
                path: documentPath, fields: input.fields, values: input.values, output: folder.path + "/" + name,
                durable: options.durable, limits: batch.limits, keepInputOpen: true, images: options.images, attachments: attachments)
            report = try await engine(request)
        } catch {
            let error = error as? SignetError ?? SignetError(.internal, "\(error)")
            line.error = error
            line.problems = error.field.map { [problem($0, error.message)] }
            line.output = nil
            return line
        }
        do {
            line.sha256 = try FileDigest.sha256(file: report.output)
            line.status = .written
            line.warnings = report.warnings.isEmpty ? nil : report.warnings
        } catch {
            line.error = error as? SignetError ?? SignetError(.io, "\(error)")
        }
        if line.status == .failed { line.output = nil }
        return line
    }
}
