import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// Starting batch jobs over HTTP: the template checked once for all rows, the job recorded
/// and queued on the runner. A fill job draws every row into a PDF (its record keeps the
/// template version and every PDF's SHA-256); a bulk send makes one session per row.
package struct BatchJobStart: Sendable {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    /// The template `slug`, checked against its document; refused with its problems.
    package func template(_ slug: String?) async throws -> CheckedTemplate {
        guard let slug else { throw SignetError(.invalidInput, "name the template: template=<slug>", field: "template") }
        let template = try await services.templates.template(slug)
        guard template.problems.isEmpty else { throw FieldProblems(stage: "definition", problems: template.problems) }
        return template
    }

    /// Queues the fill job `id` over its rows (`options.data`, whose header names `columns`).
    package func fill(_ id: String, template: CheckedTemplate, options: TemplateBatch.Options, columns: [String]?, by user: UserRecord)
        async throws -> BatchJobRecord
    {
        let mismatched = options.mapping.problems(fields: template.fields, columns: columns, nameColumn: options.nameColumn)
        guard mismatched.isEmpty else {
            throw SignetError(.invalidInput, "the data file: " + mismatched.joined(separator: "; "), field: "data")
        }
        var job = BatchJobRecord(
            id: id, userId: user.id, kind: .fill, template: template.folder.identity.slug, dryRun: options.dryRun, createdAt: Date())
        job.stage = options.stage.rawValue
        job.templateVersion = template.folder.identity.version
        job.templateHash = template.folder.identity.contentHash
        // A batch that finishes documents seals each one as it is written.
        let batch = TemplateBatch(
            engine: options.stage == .finish ? try services.sealingStamps(of: services.engine) : services.engine,
            limits: services.limits)
        let jobs = services.batchJobs
        try await services.batchRunner.enqueue(job, rows: options.data) { update in
            let summary = try await batch.run(template, options: options) { p in
                update(BatchJobRunner.Progress(state: .running, rows: p.rows, done: p.done, failed: p.failed))
            }
            if !options.dryRun { try await jobs.recordOutputs(try Self.outputs(of: id, in: options.output)) }
            return BatchJobRunner.Progress(state: .finished, rows: summary.rows, done: summary.rows, failed: summary.failed)
        }
        return job
    }

    /// Queues `send` as the bulk-send job `id` over the rows in `rows`.
    package func bulkSend(_ id: String, _ send: BulkSend, rows: String, by user: UserRecord) async throws -> BatchJobRecord {
        let job = BatchJobRecord(
            id: id, userId: user.id, kind: .bulkSend, template: send.template.folder.identity.slug, dryRun: send.dryRun, createdAt: Date())
        let out = services.batchRunner.output(id)
        try await services.batchRunner.enqueue(job, rows: rows) { update in
            var result = try await send.run(rows: rows, into: out, progress: update)
            result.state = .finished
            return result
        }
        return job
    }

    /// The PDFs a fill job wrote, as its report lists them.
    static func outputs(of id: String, in folder: String) throws -> [BatchOutputRecord] {
        guard let data = FileManager.default.contents(atPath: folder + "/report.jsonl") else { return [] }
        return try data.split(separator: 0x0A).compactMap { line in
            let entry = try JSONDecoder().decode(BatchReportLine.self, from: Data(line))
            guard entry.status == .written, let file = entry.output, let sha256 = entry.sha256 else { return nil }
            return BatchOutputRecord(jobId: id, row: entry.row, file: file, sha256: sha256)
        }
    }
}
