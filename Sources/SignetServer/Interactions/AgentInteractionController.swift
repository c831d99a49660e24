import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore

/// The agent's side of interactions, under `/api/v1/sessions/{id}`: upload PDFs, send
/// documents (template or uploaded), batches, document and payment requests, shared reviews
/// and workflows; follow them; download what came back.
struct AgentInteractionController {
    let services: SignetServices
    var sending: Sending { Sending(services: services) }

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
        group.post("sessions/{id}/interactions/{iid}/countersign", use: countersign)
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

    /// `POST /sessions/{id}/uploads?name=contract.pdf`: the body is a PDF, checked by content
    /// and preflighted in the engine; answers its SHA-256 for `POST documents`. A session holds
    /// a bounded number of staged PDFs and bytes (`ServerConfiguration.stagedUploadQuota`).
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> EditedResponse<UploadedView> {
        let session = try await context.ownedSession(services.sessions)
        let uploads = Uploads(services: services)
        let held = try await uploads.room(in: session, for: nil)
        let bytes = try await FileBody.read(request, limit: services.configuration.maxDocumentBytes)
        try uploads.admit(bytes.count, beside: held, for: nil)
        guard ContentKind.sniff(bytes) == .pdf else {
            throw Problem.notPDF
        }
        let name = FileBody.displayName(request)
        let (blob, report) = try await uploads.stage(bytes, name: name, in: session, by: context.actor(request))
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
        switch try await request.decode(as: DocumentsBody.self, context: context) {
        case .one(let spec):
            let one = try await created(try await sending.document(spec, into: session, by: context.actor(request)), session: session)
            return EditedResponse(status: .created, headers: one.headers, response: SentDocuments(one: one.responseGenerator))
        case .several(let specs):
            let records = try await sending.documents(specs, into: session, by: context.actor(request))
            let all = try await services.interactions.list(session: session.id)
            return EditedResponse(status: .created, response: SentDocuments(items: try await views(records, all: all)))
        }
    }

    @Sendable func sendBatch(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: BatchSpec.self, context: context)
        return try await created(
            try await sending.batch(title: spec.title, documents: spec.documents, into: session, by: context.actor(request)),
            session: session)
    }

    @Sendable func sendDocumentRequest(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: InteractionComposer.RequestSpec.self, context: context)
        let draft = try InteractionComposer(services: services).documentRequest(spec)
        return try await created(try sending.send(draft, into: session, by: context.actor(request)), session: session)
    }

    @Sendable func sendPaymentRequest(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: InteractionComposer.PaymentSpec.self, context: context)
        let draft = try InteractionComposer(services: services).paymentRequest(spec)
        return try await created(try sending.send(draft, into: session, by: context.actor(request)), session: session)
    }

    @Sendable func startReview(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: ReviewSpec.self, context: context)
        let record = try await sending.review(
            title: spec.title, interaction: spec.interaction, upload: spec.upload, into: session, by: context.actor(request))
        return try await created(record, session: session)
    }

    @Sendable func sendWorkflow(_ request: Request, context: AppContext) async throws -> EditedResponse<InteractionView> {
        let session = try await context.ownedSession(services.sessions)
        let spec = try await request.decode(as: WorkflowSend.self, context: context)
        return try await created(
            try await sending.workflow(spec.workflow, values: spec.values ?? [:], into: session, by: context.actor(request)),
            session: session)
    }

    private func created(_ record: InteractionRecord, session: SessionRecord) async throws -> EditedResponse<InteractionView> {
        EditedResponse(
            status: .created, headers: [.location: "/api/v1/sessions/\(session.id)/interactions/\(record.id)"],
            response: try await view(record, all: try await services.interactions.list(session: session.id)))
    }

    // MARK: - Files

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        return try await FileBody.preview(request, context: context) { try await services.preview(of: record, page: $0, width: $1) }
    }

    @Sendable func original(_ request: Request, context: AppContext) async throws -> Response {
        try await FileBody.response(try Downloads(services: services).original(of: try interaction(context).1, by: context.actor(request)))
    }

    @Sendable func finished(_ request: Request, context: AppContext) async throws -> Response {
        let record = try await interaction(context).1
        return try await FileBody.response(
            try Downloads(services: services).finished(of: record, byCustomer: false, by: context.actor(request)))
    }

    @Sendable func certificate(_ request: Request, context: AppContext) async throws -> Response {
        let (session, record) = try await interaction(context)
        let downloads = Downloads(services: services)
        return try FileBody.response(
            try await downloads.certificate(of: record, in: session, byCustomer: false, by: context.actor(request)))
    }

    @Sendable func assembled(_ request: Request, context: AppContext) async throws -> Response {
        try await FileBody.response(try Downloads(services: services).assembled(of: try interaction(context).1, by: context.actor(request)))
    }

    @Sendable func uploadedFile(_ request: Request, context: AppContext) async throws -> Response {
        let record = try await interaction(context).1
        let id = context.parameters.get("uid") ?? ""
        return try await FileBody.response(try Downloads(services: services).upload(id, of: record, by: context.actor(request)))
    }

    // MARK: - Review

    @Sendable func notes(_ request: Request, context: AppContext) async throws -> Page<NoteView> {
        Page(all: try await services.interactions.notes(of: try interaction(context).1.id).map(NoteView.init))
    }

    @Sendable func addNote(_ request: Request, context: AppContext) async throws -> EditedResponse<NoteView> {
        let (session, record) = try await interaction(context)
        let spec = try await request.decode(as: ReviewNotes.Spec.self, context: context)
        let note = try await ReviewNotes.add(
            spec, on: record, session: session, author: "agent", in: services.interactions, by: context.actor(request))
        return EditedResponse(status: .created, response: NoteView(note))
    }

    @Sendable func closeReview(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let closed = try await InteractionTransitions(interactions: services.interactions).closeReview(
            record, session: session, by: context.actor(request))
        return try await view(closed, all: try services.interactions.list(session: session.id))
    }

    // MARK: - Countersigning

    /// The agent's countersign fields of a document the customer finished: checked like the
    /// customer's values, stamped onto the customer's sealed PDF and sealed again.
    @Sendable func countersign(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let body = try await request.decode(as: CountersignBody.self, context: context)
        let done = try await DocumentCountersigner(services: services).countersign(
            record, session: session, values: body.values, by: context.actor(request))
        return try await view(done, all: try services.interactions.list(session: session.id))
    }

    private func interaction(_ context: AppContext) async throws -> (SessionRecord, InteractionRecord) {
        let session = try await context.ownedSession(services.sessions)
        guard let id = context.parameters.get("iid"), let record = try await services.interactions.find(id, session: session.id) else {
            throw Problem.notFound
        }
        return (session, record)
    }
}
