import Foundation
import HTTPTypes
import Hummingbird
import SignetModel
import SignetStore

/// The agent's side of interactions, under `/api/v1/sessions/{id}`: upload PDFs, send
/// documents (template or uploaded), batches, document and payment requests, shared reviews
/// and workflows; follow them; download what came back.
struct AgentInteractionController {
    let services: SignetServices
    var composer: InteractionComposer { InteractionComposer(services: services) }

    func register(_ group: RouterGroup<AppContext>) {
        group.get("sessions/{id}/interactions", use: list)
        group.get("sessions/{id}/interactions/{iid}", use: show)
        group.post("sessions/{id}/uploads", use: upload)
        group.post("sessions/{id}/documents", use: sendDocument)
        group.post("sessions/{id}/batches", use: sendBatch)
        group.post("sessions/{id}/document-requests", use: sendDocumentRequest)
        group.post("sessions/{id}/payment-requests", use: sendPaymentRequest)
        group.post("sessions/{id}/reviews", use: startReview)
        group.post("sessions/{id}/workflows", use: sendWorkflow)
        group.get("sessions/{id}/interactions/{iid}/pages/{page}", use: preview)
        group.get("sessions/{id}/interactions/{iid}/original.pdf", use: original)
        group.get("sessions/{id}/interactions/{iid}/finished.pdf", use: finished)
        group.get("sessions/{id}/interactions/{iid}/certificate.pdf", use: certificate)
        group.get("sessions/{id}/interactions/{iid}/assembled.pdf", use: assembled)
        group.get("sessions/{id}/interactions/{iid}/uploads/{uid}", use: uploadedFile)
        group.get("sessions/{id}/interactions/{iid}/notes", use: notes)
        group.post("sessions/{id}/interactions/{iid}/notes", use: addNote)
        group.post("sessions/{id}/interactions/{iid}/close", use: closeReview)
    }

    // MARK: - Reading

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let all = try await services.interactions.list(session: session.id)
        let items = try await views(all.filter { $0.parentId == nil }, all: all)
        return Page(all: items)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        return try await view(record, all: try await services.interactions.list(session: session.id))
    }

    private func views(_ records: [InteractionRecord], all: [InteractionRecord]) async throws -> [InteractionView] {
        try await InteractionView.loading(records, all: all, from: services.interactions, for: .agent)
    }

    private func view(_ record: InteractionRecord, all: [InteractionRecord]) async throws -> InteractionView {
        try await InteractionView.loading(record, all: all, from: services.interactions, for: .agent)
    }

    // MARK: - Sending

    struct UploadedView: ResponseEncodable {
        var upload: String
        var fileName: String?
        var pages: [PageSize]
        var formFields: Int
        var warnings: [String]
    }

    /// `POST /sessions/{id}/uploads?name=contract.pdf`: the body is a PDF, checked by content
    /// and preflighted in the engine; answers its SHA-256 for `POST documents`. A session holds
    /// a bounded number of staged PDFs and bytes (`ServerConfiguration.stagedUploadQuota`).
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> EditedResponse<UploadedView> {
        let session = try await context.ownedSession(services.sessions)
        let quota = services.configuration.stagedUploadQuota
        let held = try await services.interactions.uploadUsage(interaction: nil, session: session.id)
        try quota.admit(0, beside: held)
        let bytes = try await FileBody.read(request, limit: services.configuration.maxDocumentBytes)
        try quota.admit(bytes.count, beside: held)
        guard ContentKind.sniff(bytes) == .pdf else {
            throw Problem(.unsupportedMediaType, "not-pdf", "The file is not a PDF", detail: "its content does not start like a PDF")
        }
        let name = FileBody.displayName(request)
        let report = try await services.preflighted(bytes, name: name ?? "the PDF")
        let blob = try services.blobs.put(bytes)
        _ = try await UploadQuota.mapped {
            try await services.interactions.addUpload(
                UploadRecord(
                    id: UUID().uuidString.lowercased(), interactionId: nil, sessionId: session.id, type: "agentDocument", blob: blob,
                    contentKind: .pdf, size: bytes.count, fileName: name, createdAt: Date()), quota: quota, by: context.actor(request))
        }
        return EditedResponse(
            status: .created,
            response: UploadedView(
                upload: blob, fileName: name, pages: report.pages.map { PageSize(width: $0.width, height: $0.height) },
                formFields: report.formFields.count, warnings: report.warnings.map(\.message)))
    }

    /// One document, or several at once (`{"documents": [...]}`, e.g. files the agent dropped
    /// together): each becomes its own bubble, and nothing is sent unless all are valid.
    @Sendable func sendDocument(_ request: Request, context: AppContext) async throws -> EditedResponse<SentDocuments> {
        let session = try await context.ownedSession(services.sessions)
        let body = try await request.decode(as: DocumentsBody.self, context: context)
        guard let specs = body.several else {
            let one = try await created(
                try await composer.document(body.one, session: session), session: session, context: context, request: request)
            return EditedResponse(status: .created, headers: one.headers, response: SentDocuments(one: one.responseGenerator))
        }
        guard (1...20).contains(specs.count) else { throw composer.problem("documents", "Documents", "send 1 to 20 documents at once") }
        var drafts: [Interactions.Draft] = []
        var problems: [FieldProblem] = []
        for (i, spec) in specs.enumerated() {
            do {
                drafts.append(try await composer.document(spec, session: session, prefix: "documents[\(i)]."))
            } catch let failure as FieldProblems {
                problems += failure.problems
            }
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "send", problems: problems) }
        var records: [InteractionRecord] = []
        for draft in drafts { records.append(try await services.interactions.add(draft, session: session.id, by: context.actor(request))) }
        let all = try await services.interactions.list(session: session.id)
        return EditedResponse(status: .created, response: SentDocuments(items: try await views(records, all: all)))
    }

    /// A single document spec, or `{"documents": [spec, ...]}`.
    struct DocumentsBody: Decodable {
        var one: InteractionComposer.DocumentSpec
        var several: [InteractionComposer.DocumentSpec]?

        private enum Keys: String, CodingKey { case documents }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            several = try c.decodeIfPresent([InteractionComposer.DocumentSpec].self, forKey: .documents)
            one = several == nil ? try InteractionComposer.DocumentSpec(from: decoder) : InteractionComposer.DocumentSpec()
        }
    }

    /// The interaction sent, or `{"items": [...]}` for several.
    struct SentDocuments: ResponseEncodable {
        var one: InteractionView?
        var items: [InteractionView]?

        func encode(to encoder: Encoder) throws {
            if let one { try one.encode(to: encoder) } else { try ["items": items ?? []].encode(to: encoder) }
        }
    }

    struct BatchSpec: Decodable {
        var title: String
        var documents: [InteractionComposer.DocumentSpec]
    }

    @Sendable func sendBatch(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: BatchSpec.self, context: context)
        guard (1...20).contains(spec.documents.count) else {
            throw composer.problem("documents", "Documents", "a batch holds 1 to 20 documents")
        }
        var steps: [Interactions.Draft] = []
        var problems: [FieldProblem] = []
        for (i, document) in spec.documents.enumerated() {
            do {
                steps.append(try await composer.document(document, session: session, prefix: "documents[\(i)]."))
            } catch let failure as FieldProblems {
                problems += failure.problems
            }
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "send", problems: problems) }
        let title = try composer.title(spec.title, default: "", prefix: "")
        let draft = Interactions.Draft(kind: .batch, title: title, payload: InteractionPayload(), steps: steps)
        return try await created(draft, session: session, context: context, request: request)
    }

    @Sendable func sendDocumentRequest(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: InteractionComposer.RequestSpec.self, context: context)
        return try await created(try composer.documentRequest(spec), session: session, context: context, request: request)
    }

    @Sendable func sendPaymentRequest(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: InteractionComposer.PaymentSpec.self, context: context)
        return try await created(try composer.paymentRequest(spec), session: session, context: context, request: request)
    }

    struct ReviewSpec: Decodable {
        var title: String?
        /// A document interaction of this session, reviewed as the customer sees it.
        var interaction: String?
        /// Or a PDF uploaded into this session.
        var upload: String?
    }

    @Sendable func startReview(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: ReviewSpec.self, context: context)
        let part: ReviewPart
        let fallback: String
        switch (spec.interaction, spec.upload) {
        case (let id?, nil):
            guard let source = try await services.interactions.find(id, session: session.id), let document = source.payload.document else {
                throw composer.problem("interaction", "Document", "no document with this id in this session")
            }
            part = ReviewPart(original: document.finished ?? document.prepared, pages: document.pages, source: id)
            fallback = "Review: \(source.title)"
        case (nil, let blob?):
            guard let upload = try await services.interactions.stagedUpload(blob: blob, session: session.id),
                let path = services.blobs.file(blob)
            else { throw composer.problem("upload", "Upload", "no PDF with this SHA-256 was uploaded into this session") }
            let report = try await services.preparation.preflight(path, name: upload.fileName ?? "the PDF")
            part = ReviewPart(original: blob, pages: report.pages.map { PageSize(width: $0.width, height: $0.height) }, source: nil)
            fallback = "Review: \(upload.fileName ?? "document")"
        default:
            throw composer.problem("interaction", "Document", "give either a document interaction id or an uploaded PDF's SHA-256")
        }
        let draft = Interactions.Draft(
            kind: .review, title: try composer.title(spec.title, default: fallback, prefix: ""), payload: InteractionPayload(review: part))
        return try await created(draft, session: session, context: context, request: request)
    }

    struct WorkflowSend: Decodable {
        var workflow: String
        /// Agent values for template steps, by step number ("1", "2", ...).
        var values: [String: [String: StampValue]]?
    }

    @Sendable func sendWorkflow(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: WorkflowSend.self, context: context)
        guard let workflow = try await services.workflows.find(spec.workflow) else {
            throw composer.problem("workflow", "Workflow", "there is no workflow with this id")
        }
        let draft = try await WorkflowSteps(composer: composer).draft(workflow, values: spec.values ?? [:], session: session)
        return try await created(draft, session: session, context: context, request: request)
    }

    private func created(_ draft: Interactions.Draft, session: SessionRecord, context: AppContext, request: Request) async throws
        -> EditedResponse<InteractionView>
    {
        let record = try await services.interactions.add(draft, session: session.id, by: context.actor(request))
        return EditedResponse(
            status: .created, headers: [.location: "/api/v1/sessions/\(session.id)/interactions/\(record.id)"],
            response: try await view(record, all: try await services.interactions.list(session: session.id)))
    }

    // MARK: - Files

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        return try await PagePreview(services: services).response(for: record, request: request, context: context)
    }

    @Sendable func original(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        guard let document = record.payload.document else { throw Problem.notFound }
        return try await download(record, blob: document.original, name: "\(record.title)-original.pdf", context: context, request: request)
    }

    @Sendable func finished(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        guard let blob = record.payload.document?.finished else {
            throw Problem(.notFound, "not-finished", "The document is not finished yet", detail: "it is \(record.status.rawValue)")
        }
        return try await download(record, blob: blob, name: "\(record.title).pdf", context: context, request: request)
    }

    @Sendable func certificate(_ request: Request, context: AppContext) async throws -> Response {
        let (session, record) = try await interaction(context)
        let blob = try await CompletionCertificates(services: services).blob(for: record, session: session)
        return try await download(record, blob: blob, name: "\(record.title)-certificate.pdf", context: context, request: request)
    }

    @Sendable func assembled(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        guard let blob = record.payload.request?.assembled else {
            throw Problem(
                .notFound, "not-submitted", "The customer has not submitted the files yet", detail: "it is \(record.status.rawValue)")
        }
        return try await download(record, blob: blob, name: "\(record.title).pdf", context: context, request: request)
    }

    @Sendable func uploadedFile(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        guard let id = context.parameters.get("uid"),
            let upload = try await services.interactions.uploads(of: record.id).first(where: { $0.id == id })
        else { throw Problem.notFound }
        let name = upload.fileName ?? "\(upload.type).\(upload.contentKind.fileExtension)"
        guard let path = services.blobs.file(upload.blob) else { throw Problem.notFound }
        try await services.interactions.note(record, event: "downloaded", detail: ["upload": upload.id], by: context.actor(request))
        return try FileBody.response(path: path, contentType: upload.contentKind.mediaType, name: name)
    }

    private func download(_ record: InteractionRecord, blob: String, name: String, context: AppContext, request: Request) async throws
        -> Response
    {
        guard let path = services.blobs.file(blob) else { throw Problem.notFound }
        try await services.interactions.note(record, event: "downloaded", detail: ["sha256": blob], by: context.actor(request))
        return try FileBody.response(path: path, contentType: "application/pdf", name: name)
    }

    // MARK: - Review

    @Sendable func notes(_ request: Request, context: AppContext) async throws -> Page<NoteView> {
        try await ReviewNotes.list(try await interaction(context).1, services: services)
    }

    @Sendable func addNote(_ request: Request, context: AppContext) async throws -> EditedResponse<NoteView> {
        let (session, record) = try await interaction(context)
        return try await ReviewNotes.add(request, context: context, on: record, session: session, author: "agent", services: services)
    }

    @Sendable func closeReview(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let closed = try await services.interactions.change(
            record.id, session: session.id, event: "reviewClosed", by: context.actor(request)
        ) {
            record in
            guard record.kind == .review, !record.status.isFinal else {
                throw SignetError(.invalidInput, "only an open shared review can be closed")
            }
            record.status = .completed
        }
        return try await view(closed, all: try await services.interactions.list(session: session.id))
    }

    private func interaction(_ context: AppContext) async throws -> (SessionRecord, InteractionRecord) {
        let session = try await context.ownedSession(services.sessions)
        guard let id = context.parameters.get("iid"), let record = try await services.interactions.find(id, session: session.id) else {
            throw Problem.notFound
        }
        return (session, record)
    }
}
