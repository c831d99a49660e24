import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore
import SignetTemplates

/// Batches over HTTP, for pipelines: upload a CSV, TSV or JSON Lines file for a template and
/// get a job id; follow it (`GET`, or live on its stream); download a zip of the PDFs and the
/// per-row report. A bulk send makes one session per row instead, after the same dry run.
struct BatchJobController {
    let services: SignetServices
    let streams: StreamLimits
    var runner: BatchJobRunner { services.batchRunner }
    var start: BatchJobStart { BatchJobStart(services: services) }

    func register(_ group: RouterGroup<AppContext>) {
        group.post("batch-jobs", use: fill)
        group.post("bulk-sends", use: bulkSend)
        group.get("batch-jobs", use: list)
        group.get("batch-jobs/{jid}", use: show)
        group.get("batch-jobs/{jid}/stream", use: stream)
        group.get("batch-jobs/{jid}/report.jsonl", use: report)
        group.get("batch-jobs/{jid}/results.zip", use: results)
    }

    /// `POST /batch-jobs?template=loan-application&format=csv[&dryRun=true][&stage=send|finish]
    /// [&nameColumn=ref][&map=Name:full_name,Notes:][&jobs=2]`, the body being the rows.
    /// Stage `finish` (the default) fills the customer's fields and signatures with no customer
    /// session, so it is allowed only for a template an admin marked for pipeline use; the
    /// job's record then keeps the template version and every PDF's SHA-256.
    @Sendable func fill(_ request: Request, context: AppContext) async throws -> EditedResponse<JobView> {
        let user = try context.user()
        let template = try await start.template(request.uri.queryParameters["template"].map(String.init))
        var stage = FillCheck.Stage.finish
        if let raw = request.uri.queryParameters["stage"] {
            guard let given = FillCheck.Stage(rawValue: String(raw)) else {
                throw SignetError(.invalidInput, "stage must be send or finish", field: "stage")
            }
            stage = given
        }
        guard stage == .send || template.folder.definition.forPipelines else {
            throw Problem(
                .forbidden, "template-not-for-pipelines", "This template is not marked for pipeline use",
                detail:
                    "a batch fills the customer's fields and signatures (stage=finish) only for a template an admin has marked for pipeline use; fill the agent's fields with stage=send"
            )
        }
        let id = UUID().uuidString.lowercased()
        let upload = try await RowsUpload.receive(request, into: runner.folder(id))
        // A request refused from here on leaves nothing behind.
        do {
            var options = TemplateBatch.Options(data: upload.path, output: runner.output(id), images: .dataURLsOnly)
            options.stage = stage
            options.dryRun = try request.flag("dryRun")
            options.mapping = try mapping(request)
            options.nameColumn = request.uri.queryParameters["nameColumn"].map(String.init)
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            options.jobs = min(try FileBody.intParameter(request, "jobs", fallback: workers), workers)
            return accepted(try await start.fill(id, template: template, options: options, columns: try upload.header().columns, by: user))
        } catch {
            try? FileManager.default.removeItem(atPath: runner.folder(id))
            throw error
        }
    }

    /// `POST /bulk-sends?template=consent-form&format=csv&dryRun=true[&channel=sms|email]
    /// [&nameColumn=name&phoneColumn=phone&emailColumn=email][&map=...]`: one session per row.
    @Sendable func bulkSend(_ request: Request, context: AppContext) async throws -> EditedResponse<JobView> {
        let user = try context.user()
        let template = try await start.template(request.uri.queryParameters["template"].map(String.init))
        var columns = BulkSend.Columns()
        let query = request.uri.queryParameters
        columns.name = query["nameColumn"].map(String.init) ?? columns.name
        columns.phone = query["phoneColumn"].map(String.init) ?? columns.phone
        columns.email = query["emailColumn"].map(String.init) ?? columns.email
        if let raw = query["channel"] {
            guard let channel = SessionRecord.Channel(rawValue: String(raw)) else {
                throw SignetError(.invalidInput, "channel must be sms or email", field: "channel")
            }
            columns.channel = channel
        }
        let id = UUID().uuidString.lowercased()
        let upload = try await RowsUpload.receive(request, into: runner.folder(id))
        do {
            if let names = try upload.header().columns, !names.contains(columns.name) {
                throw SignetError(
                    .invalidInput, "the data file has no '\(columns.name)' column for the customer's name", field: "nameColumn")
            }
            let send = BulkSend(
                services: services, user: user, actor: context.actor(request), template: template, columns: columns,
                mapping: try mapping(request), dryRun: try request.flag("dryRun"))
            return accepted(try await start.bulkSend(id, send, rows: upload.path, by: user))
        } catch {
            try? FileManager.default.removeItem(atPath: runner.folder(id))
            throw error
        }
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<JobView> {
        let user = try context.user()
        let items = try await services.batchJobs.list(for: user, limit: 100).map { JobView($0, live: runner.progress($0.id)) }
        return Page(items: items, total: items.count, limit: 100, offset: 0)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> JobView {
        let job = try await owned(context)
        return JobView(job, live: runner.progress(job.id))
    }

    @Sendable func report(_ request: Request, context: AppContext) async throws -> Response {
        let job = try await owned(context)
        return try FileBody.response(
            path: runner.output(job.id) + "/report.jsonl", contentType: "application/jsonl", name: "report-\(job.id).jsonl")
    }

    @Sendable func results(_ request: Request, context: AppContext) async throws -> Response {
        let job = try await owned(context)
        guard job.state == .finished else {
            throw Problem(
                .conflict, "job-not-finished", "The job has not finished", detail: "it is \(job.state.rawValue); follow its stream")
        }
        return try FileBody.response(path: runner.archive(job.id), contentType: "application/zip", name: "batch-\(job.id).zip")
    }

    /// Server-Sent Events: a `progress` event whenever the counts change, and a last `done`
    /// (or `failed`) event with the job, then the stream ends.
    @Sendable func stream(_ request: Request, context: AppContext) async throws -> Response {
        let job = try await owned(context)
        let user = try context.user()
        guard let caller = context.caller else { throw Problem.unauthorized }
        // Counted with the caller's session streams: each polls for as long as it lasts.
        let place = try streams.acquire(caller.streamHolder)
        let body = ResponseBody { [runner, streams] writer in
            defer { streams.release(place) }
            try await runner.follow(job.id, for: user) { update in
                switch update {
                case .progress(let live):
                    let data = String(decoding: try JSONEncoder.stream.encode(live), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: progress\ndata: \(data)\n\n"))
                case .ended(let ended):
                    let data = String(decoding: try JSONEncoder.stream.encode(JobView(ended, live: nil)), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: \(ended.state == .failed ? "failed" : "done")\ndata: \(data)\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    private func accepted(_ job: BatchJobRecord) -> EditedResponse<JobView> {
        EditedResponse(
            status: .accepted, headers: [.location: "/api/v1/batch-jobs/\(job.id)"], response: JobView(job, live: runner.progress(job.id)))
    }

    /// `map=Column:field_id,Other:` (an empty field leaves the column out).
    private func mapping(_ request: Request) throws -> ColumnMapping {
        try ColumnMapping(pairs: request.uri.queryParameters["map"].map(String.init) ?? "")
    }

    private func owned(_ context: AppContext) async throws -> BatchJobRecord {
        let user = try context.user()
        guard let id = context.parameters.get("jid"), let job = try await services.batchJobs.find(id, for: user) else {
            throw Problem.notFound
        }
        return job
    }
}
