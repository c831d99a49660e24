import Foundation
import SignetModel
import SignetSessions
import SignetStore

/// An interaction as the API shows it, to the agent (everything) or to the customer (only
/// what is theirs: their fields and values, never the agent's inputs or file hashes).
package struct InteractionView: Encodable, Sendable {
    package var id: String
    package var kind: String
    package var title: String
    package var status: String
    package var position: Int
    package var parentId: String?
    package var declineReason: String?
    package var createdAt: Date
    package var updatedAt: Date
    package var completedAt: Date?
    package var steps: [InteractionView]?
    package var document: DocumentView?
    package var request: RequestView?
    package var payment: PaymentView?
    package var review: ReviewView?

    package struct DocumentView: Codable, Sendable {
        package var template: TemplateIdentity?
        package var fileName: String?
        package var pages: [PageSize]
        /// Read and approve: no customer fields.
        package var approval: Bool
        package var fields: [FieldDefinition]
        package var agentValues: [String: StampValue]?
        /// The agent's countersignature values, once given (agents only).
        package var countersignValues: [String: StampValue]?
        package var values: [String: StampValue]
        package var originalSha256: String?
        package var finishedSha256: String?
        package var finished: Bool
        /// SHA-256 of the certificate of completion, once issued (both audiences: it is theirs).
        package var certificateSha256: String?
    }

    package struct RequestView: Codable, Sendable {
        package var documents: [RequestedDocument]
        package var note: String?
        package var uploads: [UploadView]
        package var assembled: Bool
    }

    package struct PaymentView: Codable, Sendable {
        package var amount: String
        package var currency: String
        package var description: String
        package var state: String
        package var reference: String?
        package var failure: String?
    }

    package struct ReviewView: Codable, Sendable {
        package var pages: [PageSize]
        package var source: String?
        package var notes: [NoteView]
    }

    package enum Audience: Sendable { case agent, customer }

    /// The view with what its kind shows besides the record: a request's uploads, a review's notes.
    package static func loading(
        _ r: InteractionRecord, all: [InteractionRecord], from interactions: SessionInteractions, for audience: Audience
    )
        async throws -> InteractionView
    {
        InteractionView(
            r, all: all, uploads: r.kind == .documentRequest ? try await interactions.uploads(of: r.id) : [],
            notes: r.kind == .review ? try await interactions.notes(of: r.id) : [], for: audience)
    }

    /// `loading` for each of `records`, in order.
    package static func loading(
        _ records: [InteractionRecord], all: [InteractionRecord], from interactions: SessionInteractions, for audience: Audience
    ) async throws -> [InteractionView] {
        var views: [InteractionView] = []
        for record in records { views.append(try await loading(record, all: all, from: interactions, for: audience)) }
        return views
    }

    package init(
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
package struct UploadView: Codable, Sendable {
    package var id: String
    package var type: String
    package var contentType: String
    package var size: Int
    package var fileName: String?
    package var createdAt: Date

    package init(_ u: UploadRecord) {
        id = u.id
        type = u.type
        contentType = u.contentKind.mediaType
        size = u.size
        fileName = u.fileName
        createdAt = u.createdAt
    }
}

/// A note pinned on a review page.
package struct NoteView: Codable, Sendable {
    package var id: Int64
    package var author: String
    package var page: Int
    package var x: Double
    package var y: Double
    package var text: String
    package var createdAt: Date

    package init(_ n: ReviewNoteRecord) {
        id = n.id ?? 0
        author = n.author
        page = n.page
        x = n.x
        y = n.y
        text = n.text
        createdAt = n.createdAt
    }
}
