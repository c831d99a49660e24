import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// Starting batch jobs over HTTP: the template checked once for all rows, the job recorded
/// with what any instance needs to run it, and queued. A fill job draws every row into a PDF
/// (its record keeps the template version and every PDF's SHA-256); a bulk send makes one
/// session per row.
package struct BatchJobStart: Sendable {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    /// What a job's record keeps of its request (`BatchJobRecord.parameters`), besides its
    /// template, stage and dry run, so that another instance can run it or take it over.
    struct Parameters: Codable {
        /// The uploaded rows' file in the job's folder (`rows.csv`, ...).
        var rows: String
        var mapping: ColumnMapping
        /// A fill job's: the column naming each PDF, and how many rows are stamped at once.
        var nameColumn: String?
        var jobs: Int?
        /// A bulk send's: the customer's columns and channel, and who sent it.
        var columns: BulkSend.Columns?
        var actor: String?
        var ip: String?
        var userAgent: String?

        func encoded() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }

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
        job.parameters = try Parameters(
            rows: (options.data as NSString).lastPathComponent, mapping: options.mapping, nameColumn: options.nameColumn,
            jobs: options.jobs
        ).encoded()
        try await services.batchRunner.enqueue(job, rows: options.data, work: try fillWork(id, template: template, options: options))
        return job
    }

    /// Queues `send` as the bulk-send job `id` over the rows in `rows`.
    package func bulkSend(_ id: String, _ send: BulkSend, rows: String, by user: UserRecord) async throws -> BatchJobRecord {
        var job = BatchJobRecord(
            id: id, userId: user.id, kind: .bulkSend, template: send.template.folder.identity.slug, dryRun: send.dryRun, createdAt: Date())
        job.templateVersion = send.template.folder.identity.version
        job.templateHash = send.template.folder.identity.contentHash
        job.parameters = try Parameters(
            rows: (rows as NSString).lastPathComponent, mapping: send.mapping, columns: send.columns, actor: send.actor.name,
            ip: send.actor.ip, userAgent: send.actor.userAgent
        ).encoded()
        try await services.batchRunner.enqueue(job, rows: rows, work: bulkWork(id, send, rows: rows))
        return job
    }

    /// The work of `job` made again from its record, on whichever instance claimed it;
    /// `resume`: an earlier claim had started it (its instance died, or handed it on), and the
    /// rows it wrote or sent are kept.
    /// The template must be the version the job was sent with.
    package func work(for job: BatchJobRecord, resume: Bool) async throws -> (rows: String, work: BatchJobRunner.Work) {
        guard let stored = job.parameters else { throw SignetError(.internal, "the job cannot be run again; send it again") }
        let parameters = try JSONDecoder().decode(Parameters.self, from: Data(stored.utf8))
        let template = try await template(job.template)
        guard template.folder.identity.contentHash == job.templateHash else {
            throw SignetError(.conflict, "the template \(job.template) changed after the job was sent; send it again")
        }
        let runner = services.batchRunner
        let rows = runner.folder(job.id) + "/" + parameters.rows
        switch job.kind {
        case .fill:
            var options = TemplateBatch.Options(data: rows, output: runner.output(job.id), images: .dataURLsOnly)
            options.stage = job.stage.flatMap(FillCheck.Stage.init(rawValue:)) ?? .finish
            options.dryRun = job.dryRun
            options.mapping = parameters.mapping
            options.nameColumn = parameters.nameColumn
            options.jobs = min(max(1, parameters.jobs ?? 1), max(1, ProcessInfo.processInfo.activeProcessorCount))
            options.resume = resume
            return (rows, try fillWork(job.id, template: template, options: options))
        case .bulkSend:
            guard let user = try await services.accounts.user(id: job.userId), let columns = parameters.columns else {
                throw SignetError(.internal, "the job's sender is gone; send it again")
            }
            let actor = Actor(name: parameters.actor ?? "agent:\(user.id)", ip: parameters.ip, userAgent: parameters.userAgent)
            let send = BulkSend(
                services: services, user: user, actor: actor, template: template, columns: columns, mapping: parameters.mapping,
                dryRun: job.dryRun)
            return (rows, bulkWork(job.id, send, rows: rows, resume: resume))
        }
    }

    private func fillWork(_ id: String, template: CheckedTemplate, options: TemplateBatch.Options) throws -> BatchJobRunner.Work {
        // A batch that finishes documents seals each one as it is written.
        let batch = TemplateBatch(
            engine: options.stage == .finish ? try services.sealingStamps(of: services.engine) : services.engine,
            limits: services.limits)
        let jobs = services.batchJobs
        return { update in
            let summary = try await batch.run(template, options: options) { p in
                update(BatchJobRunner.Progress(state: .running, rows: p.rows, done: p.done, failed: p.failed))
            }
            if !options.dryRun { try await jobs.recordOutputs(try Self.outputs(of: id, in: options.output)) }
            return BatchJobRunner.Progress(state: .finished, rows: summary.rows, done: summary.rows, failed: summary.failed)
        }
    }

    private func bulkWork(_ id: String, _ send: BulkSend, rows: String, resume: Bool = false) -> BatchJobRunner.Work {
        let out = services.batchRunner.output(id)
        return { update in
            var result = try await send.run(rows: rows, into: out, resume: resume, progress: update)
            result.state = .finished
            return result
        }
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
