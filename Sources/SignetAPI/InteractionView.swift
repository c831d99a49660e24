import Foundation
import SignetModel
import SignetSessions
import SignetStore

/// An interaction as the API shows it, to the agent (everything) or to the customer (only
/// what is theirs: their fields and values, never the agent's inputs or file hashes).
public struct InteractionView: Encodable, Sendable {
    public var id: String
    public var kind: String
    public var title: String
    public var status: String
    public var position: Int
    public var parentId: String?
    public var declineReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    public var steps: [InteractionView]?
    public var document: DocumentView?
    public var request: RequestView?
    public var payment: PaymentView?
    public var review: ReviewView?

    public struct DocumentView: Codable, Sendable {
        public var template: TemplateIdentity?
        public var fileName: String?
        public var pages: [PageSize]
        /// Read and approve: no customer fields.
        public var approval: Bool
        public var fields: [FieldDefinition]
        public var agentValues: [String: StampValue]?
        /// The agent's countersignature values, once given (agents only).
        public var countersignValues: [String: StampValue]?
        public var values: [String: StampValue]
        public var originalSha256: String?
        public var finishedSha256: String?
        public var finished: Bool
        /// SHA-256 of the certificate of completion, once issued (both audiences: it is theirs).
        public var certificateSha256: String?
    }

    public struct RequestView: Codable, Sendable {
        public var documents: [RequestedDocument]
        public var note: String?
        public var uploads: [UploadView]
        public var assembled: Bool
    }

    public struct PaymentView: Codable, Sendable {
        public var amount: String
        public var currency: String
        public var description: String
        public var state: String
        public var reference: String?
        public var failure: String?
    }

    public struct ReviewView: Codable, Sendable {
        public var pages: [PageSize]
        public var source: String?
        public var notes: [NoteView]
    }

    public enum Audience: Sendable { case agent, customer }

    /// The view with what its kind shows besides the record: a request's uploads, a review's notes.
    public static func loading(
        _ r: InteractionRecord, all: [InteractionRecord], from interactions: SessionInteractions, for audience: Audience
    )
        async throws -> InteractionView
    {
        InteractionView(
            r, all: all, uploads: r.kind == .documentRequest ? try await interactions.uploads(of: r.id) : [],
            notes: r.kind == .review ? try await interactions.notes(of: r.id) : [], for: audience)
    }

    /// `loading` for each of `records`, in order.
    public static func loading(
        _ records: [InteractionRecord], all: [InteractionRecord], from interactions: SessionInteractions, for audience: Audience
    ) async throws -> [InteractionView] {
        var views: [InteractionView] = []
        for record in records { views.append(try await loading(record, all: all, from: interactions, for: audience)) }
        return views
    }

    public init(
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
public struct UploadView: Codable, Sendable {
    public var id: String
    public var type: String
    public var contentType: String
    public var size: Int
    public var fileName: String?
    public var createdAt: Date

    public init(_ u: UploadRecord) {
        id = u.id
        type = u.type
        contentType = u.contentKind.mediaType
        size = u.size
        fileName = u.fileName
        createdAt = u.createdAt
    }
}

/// A note pinned on a review page.
public struct NoteView: Codable, Sendable {
    public var id: Int64
    public var author: String
    public var page: Int
    public var x: Double
    public var y: Double
    public var text: String
    public var createdAt: Date

    public init(_ n: ReviewNoteRecord) {
        id = n.id ?? 0
        author = n.author
        page = n.page
        x = n.x
        y = n.y
        text = n.text
        createdAt = n.createdAt
    }
}
