import Foundation
import Hummingbird
import SignetModel
import SignetStore

/// An interaction as the API shows it, to the agent (everything) or to the customer (only
/// what is theirs: their fields and values, never the agent's inputs or file hashes).
struct InteractionView: ResponseEncodable {
    var id: String
    var kind: String
    var title: String
    var status: String
    var position: Int
    var parentId: String?
    var declineReason: String?
    var createdAt: Date
    var updatedAt: Date
    var completedAt: Date?
    var steps: [InteractionView]?
    var document: DocumentView?
    var request: RequestView?
    var payment: PaymentView?
    var review: ReviewView?

    struct DocumentView: Codable {
        var template: TemplateIdentity?
        var fileName: String?
        var pages: [PageSize]
        /// Read and approve: no customer fields.
        var approval: Bool
        var fields: [FieldDefinition]
        var agentValues: [String: StampValue]?
        /// The agent's countersignature values, once given (agents only).
        var countersignValues: [String: StampValue]?
        var values: [String: StampValue]
        var originalSha256: String?
        var finishedSha256: String?
        var finished: Bool
        /// SHA-256 of the certificate of completion, once issued (both audiences: it is theirs).
        var certificateSha256: String?
    }

    struct RequestView: Codable {
        var documents: [RequestedDocument]
        var note: String?
        var uploads: [UploadView]
        var assembled: Bool
    }

    struct PaymentView: Codable {
        var amount: String
        var currency: String
        var description: String
        var state: String
        var reference: String?
        var failure: String?
    }

    struct ReviewView: Codable {
        var pages: [PageSize]
        var source: String?
        var notes: [NoteView]
    }

    enum Audience { case agent, customer }

    /// The view with what its kind shows besides the record: a request's uploads, a review's notes.
    static func loading(_ r: InteractionRecord, all: [InteractionRecord], from interactions: Interactions, for audience: Audience)
        async throws -> InteractionView
    {
        InteractionView(
            r, all: all, uploads: r.kind == .documentRequest ? try await interactions.uploads(of: r.id) : [],
            notes: r.kind == .review ? try await interactions.notes(of: r.id) : [], for: audience)
    }

    /// `loading` for each of `records`, in order.
    static func loading(
        _ records: [InteractionRecord], all: [InteractionRecord], from interactions: Interactions, for audience: Audience
    ) async throws -> [InteractionView] {
        var views: [InteractionView] = []
        for record in records { views.append(try await loading(record, all: all, from: interactions, for: audience)) }
        return views
    }

    init(
        _ r: InteractionRecord, all: [InteractionRecord], uploads: [UploadRecord] = [], notes: [ReviewNoteRecord] = [],
        for audience: Audience
    ) {
        id = r.id
        kind = r.kind.rawValue
        title = r.title
        status = r.status.rawValue
        position = r.position
        parentId = r.parentId
        declineReason = r.declineReason
        createdAt = r.createdAt
        updatedAt = r.updatedAt
        completedAt = r.completedAt
        if r.kind.isGroup {
            steps = all.filter { $0.parentId == r.id }.sorted { $0.position < $1.position }
                .filter { audience == .agent || $0.status.isReleased }
                .map { InteractionView($0, all: all, for: audience) }
        }
        if let d = r.payload.document {
            let agent = audience == .agent
            document = DocumentView(
                template: agent ? d.template : nil, fileName: d.fileName, pages: d.pages, approval: d.isApproval,
                fields: agent ? d.fields : d.fields.filter { $0.role == .customer }, agentValues: agent ? d.agentValues : nil,
                countersignValues: agent ? d.countersignValues : nil, values: d.customerValues, originalSha256: agent ? d.original : nil,
                finishedSha256: agent ? d.finished : nil,
                finished: d.finished != nil, certificateSha256: d.certificate)
        }
        if let q = r.payload.request {
            request = RequestView(
                documents: q.documents, note: q.note, uploads: uploads.map(UploadView.init), assembled: q.assembled != nil)
        }
        if let p = r.payload.payment {
            payment = PaymentView(
                amount: p.amount.decimal, currency: p.amount.currency, description: p.description, state: p.state.rawValue,
                reference: p.reference, failure: p.failure)
        }
        if let v = r.payload.review {
            review = ReviewView(pages: v.pages, source: audience == .agent ? v.source : nil, notes: notes.map(NoteView.init))
        }
    }
}

/// An uploaded file, without its storage name.
struct UploadView: Codable, ResponseEncodable {
    var id: String
    var type: String
    var contentType: String
    var size: Int
    var fileName: String?
    var createdAt: Date

    init(_ u: UploadRecord) {
        id = u.id
        type = u.type
        contentType = u.contentKind.mediaType
        size = u.size
        fileName = u.fileName
        createdAt = u.createdAt
    }
}

/// A note pinned on a review page.
struct NoteView: Codable, ResponseEncodable {
    var id: Int64
    var author: String
    var page: Int
    var x: Double
    var y: Double
    var text: String
    var createdAt: Date

    init(_ n: ReviewNoteRecord) {
        id = n.id ?? 0
        author = n.author
        page = n.page
        x = n.x
        y = n.y
        text = n.text
        createdAt = n.createdAt
    }
}
