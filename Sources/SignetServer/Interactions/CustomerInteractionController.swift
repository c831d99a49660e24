import Foundation
import HTTPTypes
import Hummingbird
import SignetModel
import SignetStore

/// The customer's side of interactions, under `/api/v1/customer`: only their own session's
/// released interactions, only their own fields. Opening marks a bubble opened; saving
/// values, uploading, paying, finishing and declining move it on, each recorded.
struct CustomerInteractionController {
    let services: SignetServices

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
        let all = try await services.interactions.list(session: session.id)
        let items = try await InteractionView.loading(
            all.filter { $0.parentId == nil && $0.status.isReleased }, all: all, from: services.interactions, for: .customer)
        return Page(all: items)
    }

    /// Reading an interaction the first time marks it opened.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> InteractionView {
        var (session, record) = try await interaction(context)
        if record.status == .sent {
            record = try await services.interactions.change(
                record.id, session: session.id, event: "interactionOpened", by: context.actor(request), ifChanged: true
            ) {
                record in
                if record.status == .sent { record.status = .opened }
            }
        }
        return try await view(record, all: try await services.interactions.list(session: session.id))
    }

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        return try await PagePreview(services: services).response(for: record, request: request, context: context)
    }

    struct Values: Decodable {
        var values: [String: StampValue]
    }

    /// Saves values so far (the customer may come back later): each given value must be the
    /// customer's and valid; required fields are checked at finish. The check runs off the
    /// HTTP threads: it matches the customer's text against patterns the agent wrote.
    @Sendable func save(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let body = try await request.decode(as: Values.self, context: context)
        let document = try DocumentFinisher.document(record)
        let (values, fields) = (body.values, document.fields)
        try await offload { try DocumentFinisher.checkGiven(values, fields: fields) }
        let signed = body.values.keys.contains { id in
            document.fields.contains { $0.id == id && [.signature, .initials].contains($0.kind) }
        }
        let saved = try await services.interactions.change(
            record.id, session: session.id, event: signed ? "signed" : "fieldsFilled",
            detail: ["fields": body.values.keys.sorted().joined(separator: ",")],
            by: context.actor(request)
        ) { record in
            try record.checkOpen()
            record.payload.document?.customerValues.merge(body.values) { _, new in new }
            record.status = .inProgress
        }
        return try await view(saved, all: try await services.interactions.list(session: session.id))
    }

    /// Finishes a document: the saved values plus these, every required field checked, the
    /// finished PDF stamped and kept with its SHA-256. A document without customer fields is
    /// approved this way.
    @Sendable func finish(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let body = try await request.decode(as: OptionalValues.self, context: context)
        let done = try await DocumentFinisher(services: services).finish(
            record, session: session, values: body.values ?? [:], by: context.actor(request))
        return try await view(done, all: try await services.interactions.list(session: session.id))
    }

    struct OptionalValues: Decodable {
        var values: [String: StampValue]?
    }

    struct Decline: Decodable {
        var reason: String
    }

    @Sendable func decline(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let body = try await request.decode(as: Decline.self, context: context)
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 1000 else {
            throw FieldProblems(
                stage: "decline", problems: [FieldProblem(field: "reason", label: "Reason", reason: "say why, in 1 to 1000 characters")])
        }
        let declined = try await services.interactions.change(
            record.id, session: session.id, event: "declined", detail: ["reason": reason], by: context.actor(request)
        ) {
            record in
            guard !record.kind.isGroup, record.kind != .review else {
                throw SignetError(.invalidInput, "decline the steps of a \(record.kind.rawValue), one at a time")
            }
            try record.checkOpen()
            // The provider may be taking the money right now: declining must not hide its answer.
            guard record.payload.payment?.state != .processing else { throw Payment.inProgress }
            record.status = .declined
            record.declineReason = reason
            record.payload.payment?.state = .declined
        }
        return try await view(declined, all: try await services.interactions.list(session: session.id))
    }

    /// `POST .../uploads?type=passport&name=photo.jpg`: the body is a JPEG, PNG or PDF, judged
    /// by its content. A request holds a bounded number of files and bytes
    /// (`ServerConfiguration.uploadQuota`), checked before the file is kept; `replace=<upload
    /// id>` swaps an earlier file for this one, freeing its share.
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> EditedResponse<UploadView> {
        let (session, record) = try await interaction(context)
        guard let part = record.payload.request else {
            throw SignetError(.invalidInput, "files are uploaded to document requests; this is a \(record.kind.rawValue)")
        }
        try record.checkOpen()
        let type = request.uri.queryParameters["type"].map(String.init) ?? part.documents.first?.type ?? ""
        guard part.documents.contains(where: { $0.type == type }) else {
            let asked = part.documents.map(\.type).joined(separator: ", ")
            throw SignetError(.invalidInput, "type must be one of the documents asked for: \(asked)", field: "type")
        }
        let replacing = request.uri.queryParameters["replace"].map(String.init)
        if let replacing, try await !services.interactions.uploads(of: record.id).contains(where: { $0.id == replacing }) {
            throw SignetError(.invalidInput, "there is no upload \(replacing) in this request to replace", field: "replace")
        }
        let quota = services.configuration.uploadQuota
        let held = try await services.interactions.uploadUsage(interaction: record.id, session: session.id, excluding: replacing)
        try quota.admit(0, beside: held)
        let bytes = try await FileBody.read(request, limit: services.configuration.maxCustomerFileBytes)
        try quota.admit(bytes.count, beside: held)
        guard let kind = ContentKind.sniff(bytes) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-file", "The file is not a photo or a PDF",
                detail: "send a JPEG or PNG photo, or a PDF; the file's content is neither, whatever its name")
        }
        if kind == .pdf { _ = try await services.preflighted(bytes, name: "the PDF") }
        let blob = try services.blobs.put(bytes)
        let upload = try await UploadQuota.mapped {
            try await services.interactions.addUpload(
                UploadRecord(
                    id: UUID().uuidString.lowercased(), interactionId: record.id, sessionId: session.id, type: type, blob: blob,
                    contentKind: kind, size: bytes.count, fileName: FileBody.displayName(request),
                    createdAt: Date()), quota: quota, replacing: replacing, by: context.actor(request))
        }
        return EditedResponse(status: .created, response: UploadView(upload))
    }

    /// Hands in a document request: every requested document needs a file; the photos are
    /// also assembled into one PDF.
    @Sendable func submit(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let done = try await RequestSubmission(services: services).submit(record, session: session, by: context.actor(request))
        return try await view(done, all: try await services.interactions.list(session: session.id))
    }

    struct Card: Decodable {
        var cardNumber: String
        var expiry: String
        var cvc: String
        var holder: String
    }

    @Sendable func pay(_ request: Request, context: AppContext) async throws -> InteractionView {
        let (session, record) = try await interaction(context)
        let card = try await request.decode(as: Card.self, context: context)
        let paid = try await Payment(services: services, logger: context.logger).pay(
            record, session: session, card: card, by: context.actor(request))
        return try await view(paid, all: try await services.interactions.list(session: session.id))
    }

    @Sendable func notes(_ request: Request, context: AppContext) async throws -> Page<NoteView> {
        try await ReviewNotes.list(try await interaction(context).1, services: services)
    }

    @Sendable func addNote(_ request: Request, context: AppContext) async throws -> EditedResponse<NoteView> {
        let (session, record) = try await interaction(context)
        return try await ReviewNotes.add(request, context: context, on: record, session: session, author: "customer", services: services)
    }

    @Sendable func finished(_ request: Request, context: AppContext) async throws -> Response {
        let (_, record) = try await interaction(context)
        guard let blob = record.payload.document?.finished, let path = services.blobs.file(blob) else {
            throw Problem(.notFound, "not-finished", "The document is not finished yet")
        }
        try await services.interactions.note(record, event: "downloaded", detail: ["by": "customer"], by: context.actor(request))
        return try FileBody.response(path: path, contentType: "application/pdf", name: "\(record.title).pdf")
    }

    /// The customer's copy of the certificate of completion.
    @Sendable func certificate(_ request: Request, context: AppContext) async throws -> Response {
        let (session, record) = try await interaction(context)
        let blob = try await CompletionCertificates(services: services).blob(for: record, session: session)
        guard let path = services.blobs.file(blob) else { throw Problem.notFound }
        try await services.interactions.note(
            record, event: "downloaded", detail: ["by": "customer", "sha256": blob], by: context.actor(request))
        return try FileBody.response(path: path, contentType: "application/pdf", name: "\(record.title)-certificate.pdf")
    }

    @Sendable func stream(_ request: Request, context: AppContext) async throws -> Response {
        let session = try context.customerSession()
        return try SessionStream(
            sessions: services.sessions, events: services.events, streams: services.streams, audience: .customer(services.interactions),
            keepAlive: services.configuration.streamKeepAlive
        ).response(for: session, request: request, context: context)
    }

    private func view(_ record: InteractionRecord, all: [InteractionRecord]) async throws -> InteractionView {
        try await InteractionView.loading(record, all: all, from: services.interactions, for: .customer)
    }

    /// The customer's released interaction named in the path; 404 for anything else (another
    /// session's, or one still pending).
    private func interaction(_ context: AppContext) async throws -> (SessionRecord, InteractionRecord) {
        let session = try context.customerSession()
        guard let id = context.parameters.get("iid"), let record = try await services.interactions.find(id, session: session.id),
            record.status.isReleased
        else { throw Problem.notFound }
        return (session, record)
    }
}
