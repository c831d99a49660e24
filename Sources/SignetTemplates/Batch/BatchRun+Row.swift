import Foundation
import SignetFiles
import SignetModel

extension BatchRun {
    /// A row made ready: either its report line is already known (a problem, a dry run), or it
    /// waits to be stamped by `request`.
    enum Prepared: Sendable {
        case done(BatchReportLine)
        case stamp(BatchReportLine, StampRequest)
    }

    /// Everything that happens to a row before the engine: its cells become values, the
    /// stage's check runs, its PDF's name is claimed, and a valid row's stamp request is built
    /// (with its field data when the stage finishes). Never throws: whatever goes wrong is the
    /// row's report line.
    func prepare(_ row: BatchRow) -> Prepared {
        var line = BatchReportLine(row: row.number, line: row.line, status: .failed)
        if let problem = row.problem {
            line.error = SignetError(.invalidInput, problem)
            return .done(line)
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
            return .done(line)
        }
        line.output = output
        if options.dryRun {
            line.status = .valid
            return .done(line)
        }
        let input = StampConversion.stampInput(template.fields, values: values)
        do {
            // A finished document carries its field data, as a session's finish does.
            let attachments =
                options.stage == .finish
                ? [try FieldData.file(fields: template.fields, values: values, document: TemplateFiller.describe(template, row: line.row))]
                : []
            return .stamp(
                line,
                StampRequest(
                    path: documentPath, fields: input.fields, values: input.values, output: folder.path + "/" + output,
                    durable: options.durable, limits: batch.limits, keepInputOpen: true, images: options.images, attachments: attachments))
        } catch {
            return .done(failed(line, error))
        }
    }

    /// The report line of a stamped row: the engine's answer and the written PDF's hash.
    func finish(_ line: BatchReportLine, _ answer: Result<StampReport, Error>) -> BatchReportLine {
        let report: StampReport
        switch answer {
        case .success(let done): report = done
        case .failure(let error): return failed(line, error)
        }
        var line = line
        do {
            line.sha256 = try FileDigest.sha256(file: report.output)
            line.status = .written
            line.warnings = report.warnings.isEmpty ? nil : report.warnings
        } catch {
            line.error = error as? SignetError ?? SignetError(.io, "\(error)")
            line.output = nil
        }
        return line
    }

    /// `line` failed with `error`; a field the error names becomes the row's problem.
    private func failed(_ line: BatchReportLine, _ error: Error) -> BatchReportLine {
        var line = line
        let error = error as? SignetError ?? SignetError(.internal, "\(error)")
        line.status = .failed
        line.error = error
        line.problems = error.field.map { [problem($0, error.message)] }
        line.output = nil
        return line
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
}
