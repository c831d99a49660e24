import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore

/// The customer's side of interactions, under `/api/v1/customer`: only their own session's
/// released interactions, only their own fields. Opening marks a bubble opened; saving
/// values, uploading, paying, finishing and declining move it on, each recorded.
struct CustomerInteractionController {
    let services: SignetServices
    let streams: StreamLimits
    var transitions: InteractionTransitions { InteractionTransitions(interactions: services.interactions) }

    func register(_ group: RouterGroup<AppContext>) {
        group.get("customer/interactions", use: list)
        group.get("customer/interactions/{iid}", use: show)
        group.get("customer/interactions/{iid}/pages/{page}", use: preview)
        group.put("customer/interactions/{iid}/values", use: save)
        group.post("customer/interactions/{iid}/finish", use: finish)
        group.post("customer/interactions/{iid}/decline", use: decline)
        group.post("customer/interactions/{iid}/uploads", use: upload)
        group.post("customer/interactions/{iid}/submit", use: submit)
        group.post("customer/interactions/{iid}/pay", use: pay)
        group.get("customer/interactions/{iid}/notes", use: notes)
        group.post("customer/interactions/{iid}/notes", use: addNote)
        group.get("customer/interactions/{iid}/finished.pdf", use: finished)
        group.get("customer/interactions/{iid}/certificate.pdf", use: certificate)
        group.get("customer/stream", use: stream)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<InteractionView> {
        let session = try context.customerSession()
        let all = try await services.customerReads.interactions(of: session.id)
        let items = try await InteractionView.loading(
            all.filter { $0.parentId == nil && $0.status.isReleased }, all: all, from: services.interactions, for: .customer)
        return Page(all: items)
    }

    /// Reading an interaction the first time marks it opened. The customer's page asks again
    /// and again, so the encoded answer is kept in the read cache, until the next write.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let (session, record) = try await interaction(context)
        let opened = try await transitions.open(record, session: session, by: context.actor(request))
        return try await services.backend.reads.remember("customer-view:\(session.id):\(opened.id)") {
            try await view(opened, all: try await services.customerReads.interactions(of: session.id)).response(
                from: request, context: context)
        }
    }

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        return try await FileBody.preview(request, context: context) { try await services.preview(of: record, page: $0, width: $1) }
    }

    /// Saves values so far (the customer may come back later); required fields are checked at finish.
    @Sendable func save(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let body = try await request.decode(as: CustomerValues.self, context: context)
        let saved = try await transitions.saveValues(body.values, on: record, session: session, by: context.actor(request))
        return try await view(saved, all: try services.interactions.list(session: session.id))
    }

    /// Finishes a document: the saved values plus these, every required field checked, the
    /// finished PDF stamped and kept with its SHA-256. A document without customer fields is
    /// approved this way.
    @Sendable func finish(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let body = try await request.decode(as: OptionalCustomerValues.self, context: context)
        let done = try await DocumentFinisher(services: services).finish(
            record, session: session, values: body.values ?? [:], by: context.actor(request))
        return try await view(done, all: try await services.interactions.list(session: session.id))
    }

    @Sendable func decline(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let body = try await request.decode(as: DeclineRequest.self, context: context)
        let declined = try await transitions.decline(record, session: session, reason: body.reason, by: context.actor(request))
        return try await view(declined, all: try services.interactions.list(session: session.id))
    }

    /// `POST .../uploads?type=passport&name=photo.jpg`: the body is a JPEG, PNG or PDF, judged
    /// by its content. A request holds a bounded number of files and bytes
    /// (`ServerConfiguration.uploadQuota`), checked before the file is kept; `replace=<upload
    /// id>` swaps an earlier file for this one, freeing its share.
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> EditedResponse<UploadView> {
        let (session, record) = try await interaction(context)
        let uploads = Uploads(services: services)
        let query = request.uri.queryParameters
        let replacing = query["replace"].map(String.init)
        let type = try await uploads.check(type: query["type"].map(String.init), replacing: replacing, on: record)
        let held = try await uploads.room(in: session, for: record, replacing: replacing)
        let bytes = try await FileBody.read(request, limit: services.configuration.maxCustomerFileBytes)
        try uploads.admit(bytes.count, beside: held, for: record)
        guard let kind = ContentKind.sniff(bytes) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-file", "The file is not a photo or a PDF",
                detail: "send a JPEG or PNG photo, or a PDF; the file's content is neither, whatever its name")
        }
        let upload = try await uploads.handIn(
            bytes, kind: kind, type: type, name: FileBody.displayName(request), replacing: replacing, to: record, in: session,
            by: context.actor(request))
        return EditedResponse(status: .created, response: UploadView(upload))
    }

    /// Hands in a document request: every requested document needs a file; the photos are
    /// also assembled into one PDF.
    @Sendable func submit(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let done = try await RequestSubmission(services: services).submit(record, session: session, by: context.actor(request))
        return try await view(done, all: try await services.interactions.list(session: session.id))
    }

    @Sendable func pay(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let card = try await request.decode(as: Payment.Card.self, context: context)
        let paid = try await Payment(services: services, logger: context.logger).pay(
            record, session: session, card: card, by: context.actor(request))
        return try await view(paid, all: try await services.interactions.list(session: session.id))
    }

    @Sendable func notes(_ request: Request, context: AppContext) async throws -> Page<NoteView> {
        Page(all: try await services.interactions.notes(of: try interaction(context).1.id).map(NoteView.init))
    }

    @Sendable func addNote(_ request: Request, context: AppContext) async throws -> EditedResponse<NoteView> {
        let (session, record) = try await interaction(context)
        let spec = try await request.decode(as: ReviewNotes.Spec.self, context: context)
        let note = try await ReviewNotes.add(
            spec, on: record, session: session, author: "customer", in: services.interactions, by: context.actor(request))
        return EditedResponse(status: .created, response: NoteView(note))
    }

    @Sendable func finished(_ request: Request, context: AppContext) async throws -> Response {
        let record = try await interaction(context).1
        return try await FileBody.response(
            try Downloads(services: services).finished(of: record, byCustomer: true, by: context.actor(request)))
    }

    /// The customer's copy of the certificate of completion.
    @Sendable func certificate(_ request: Request, context: AppContext) async throws -> Response {
        let (session, record) = try await interaction(context)
        let downloads = Downloads(services: services)
        return try FileBody.response(try await downloads.certificate(of: record, in: session, byCustomer: true, by: context.actor(request)))
    }

    @Sendable func stream(_ request: Request, context: AppContext) async throws -> Response {
        let session = try context.customerSession()
        return try SessionStream(
            sessions: services.sessions, events: services.events, streams: streams, audience: .customer(services.interactions),
            keepAlive: services.configuration.streamKeepAlive
        ).response(for: session, request: request, context: context)
    }

    private func view(_ record: InteractionRecord, all: [InteractionRecord]) async throws -> InteractionView {
        try await InteractionView.loading(record, all: all, from: services.interactions, for: .customer)
    }

    /// The customer's released interaction named in the path; 404 for anything else (another
    /// session's, or one still pending). Read from the cache, as every customer request does:
    /// the changes below write, so they start from what the database held at the last write.
    private func interaction(_ context: AppContext) async throws -> (SessionRecord, InteractionRecord) {
        let session = try context.customerSession()
        guard let id = context.parameters.get("iid"), let record = try await services.customerReads.interaction(id, of: session.id),
            record.status.isReleased
        else { throw Problem.notFound }
        return (session, record)
    }
}
