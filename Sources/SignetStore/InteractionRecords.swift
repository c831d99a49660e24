import Foundation
import GRDB
import SignetModel

/// Something an agent sent into a session, shown as one status bubble: a document (from a
/// template or uploaded), a document request, a payment request, a batch or workflow (a group
/// completed in order), or a shared review.
public struct InteractionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "interaction"

    /// What it is.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case document, documentRequest, paymentRequest, batch, workflow, review

        /// Batches and workflows hold other interactions, released one at a time.
        public var isGroup: Bool { self == .batch || self == .workflow }
    }

    /// The bubble: pending (queued in a pre-planned session, or waiting for an earlier step),
    /// sent, opened, in progress, completed, declined, failed.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending, sent, opened, inProgress, completed, declined, failed

        /// Nothing more happens to a finished interaction.
        public var isFinal: Bool { self == .completed || self == .declined }
        /// The customer sees it and may act on it.
        public var isReleased: Bool { self != .pending }
    }

    public var id: String
    public var sessionId: String
    /// The batch or workflow this is a step of.
    public var parentId: String?
    /// Order in the session (top level) or in the group.
    public var position: Int
    public var kind: Kind
    public var title: String
    public var status: Status
    /// The kind's particulars, stored as JSON.
    public var payload: InteractionPayload
    /// Why the customer declined.
    public var declineReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
}

/// The particulars of an interaction; exactly the part for its kind is set.
public struct InteractionPayload: Codable, Hashable, Sendable {
    /// For documents.
    public var document: DocumentPart?
    /// For document requests.
    public var request: RequestPart?
    /// For payment requests.
    public var payment: PaymentPart?
    /// For shared reviews.
    public var review: ReviewPart?
    /// For workflows: the definition it was sent from.
    public var workflowId: String?

    /// Creates a payload.
    public init(
        document: DocumentPart? = nil, request: RequestPart? = nil, payment: PaymentPart? = nil, review: ReviewPart? = nil,
        workflowId: String? = nil
    ) {
        self.document = document
        self.request = request
        self.payment = payment
        self.review = review
        self.workflowId = workflowId
    }
}

/// A page's displayed size in points (crop box after rotation): what previews and field
/// rectangles are measured against.
public struct PageSize: Codable, Hashable, Sendable {
    public var width: Double
    public var height: Double

    /// Creates a size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// A document to complete: the exact PDF (by blob hash), its fields in points, the agent's
/// values from sending, the customer's saved values, and the finished PDF.
public struct DocumentPart: Codable, Hashable, Sendable {
    /// The template version it came from; nil for an uploaded document.
    public var template: TemplateIdentity?
    /// The uploaded file's name, for ad hoc documents.
    public var fileName: String?
    /// SHA-256 of the PDF as uploaded or as the template has it.
    public var original: String
    /// SHA-256 of the PDF with the agent's values stamped: what the customer sees and finishes.
    public var prepared: String
    /// Displayed page sizes.
    public var pages: [PageSize]
    /// Placed fields (points, top-left of the displayed page).
    public var fields: [FieldDefinition]
    /// Values the agent gave at sending.
    public var agentValues: [String: StampValue]
    /// Values the customer saved so far.
    public var customerValues: [String: StampValue]
    /// SHA-256 of the finished PDF.
    public var finished: String?
    /// SHA-256 of its certificate of completion, once issued.
    public var certificate: String?

    /// Creates a document part.
    public init(
        template: TemplateIdentity?, fileName: String?, original: String, prepared: String, pages: [PageSize], fields: [FieldDefinition],
        agentValues: [String: StampValue], customerValues: [String: StampValue] = [:], finished: String? = nil
    ) {
        self.template = template
        self.fileName = fileName
        self.original = original
        self.prepared = prepared
        self.pages = pages
        self.fields = fields
        self.agentValues = agentValues
        self.customerValues = customerValues
        self.finished = finished
    }

    /// A document without customer fields is read and approved (or declined) as it is.
    public var isApproval: Bool { !fields.contains { $0.role == .customer } }
}

/// One file asked for in a document request.
public struct RequestedDocument: Codable, Hashable, Sendable {
    /// A `DocumentType` id.
    public var type: String
    /// What the customer sees: the type's label, or the agent's own for `other`.
    public var label: String

    /// Creates a requested document.
    public init(type: String, label: String) {
        self.type = type
        self.label = label
    }
}

/// A request for files.
public struct RequestPart: Codable, Hashable, Sendable {
    /// What is asked for, in order.
    public var documents: [RequestedDocument]
    /// A note from the agent.
    public var note: String?
    /// SHA-256 of the PDF assembled from the uploaded images, once submitted.
    public var assembled: String?

    /// Creates a request part.
    public init(documents: [RequestedDocument], note: String?, assembled: String? = nil) {
        self.documents = documents
        self.note = note
        self.assembled = assembled
    }
}

/// A request for money. No card number is ever part of it.
public struct PaymentPart: Codable, Hashable, Sendable {
    /// requested → processing (reserved while the provider is asked) → paid, or back to
    /// rejected (the customer may try another card); or declined by the customer.
    public enum State: String, Codable, Sendable { case requested, processing, paid, declined, rejected }

    public var amount: MoneyAmount
    public var description: String
    public var state: State
    /// The provider's reference for the successful charge.
    public var reference: String?
    /// The provider's reason for the last rejection.
    public var failure: String?
    /// Attempts the provider has rejected so far. The attempt under way is keyed by it, so
    /// an attempt retried after a crash reuses its key and the provider does not charge twice.
    public var attempts: Int

    /// Creates a payment part.
    public init(
        amount: MoneyAmount, description: String, state: State = .requested, reference: String? = nil, failure: String? = nil,
        attempts: Int = 0
    ) {
        self.amount = amount
        self.description = description
        self.state = state
        self.reference = reference
        self.failure = failure
        self.attempts = attempts
    }

    /// Payment requests stored before attempts were counted have made none that count.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amount = try c.decode(MoneyAmount.self, forKey: .amount)
        description = try c.decode(String.self, forKey: .description)
        state = try c.decode(State.self, forKey: .state)
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        failure = try c.decodeIfPresent(String.self, forKey: .failure)
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
    }

    /// The provider key of the attempt under way: the same for every retry of it.
    public func chargeKey(interaction id: String) -> String { "\(id):\(attempts)" }
}

/// A document agent and customer look at together.
public struct ReviewPart: Codable, Hashable, Sendable {
    /// SHA-256 of the PDF under review.
    public var original: String
    /// Displayed page sizes.
    public var pages: [PageSize]
    /// The interaction whose document is reviewed, if any.
    public var source: String?

    /// Creates a review part.
    public init(original: String, pages: [PageSize], source: String?) {
        self.original = original
        self.pages = pages
        self.source = source
    }
}

/// A file uploaded into a session: by the customer for a document request, or by the agent
/// as the PDF of an ad hoc document (no interaction yet, type `agentDocument`).
public struct UploadRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "upload"

    public var id: String
    public var interactionId: String?
    public var sessionId: String
    /// The requested document it answers (a `DocumentType` id), or `agentDocument`.
    public var type: String
    /// SHA-256 of the bytes.
    public var blob: String
    /// What the bytes are, by content.
    public var contentKind: ContentKind
    public var size: Int
    /// The name the customer's device gave it (shown, never used as a path).
    public var fileName: String?
    public var createdAt: Date

    /// Creates an upload record.
    public init(
        id: String, interactionId: String?, sessionId: String, type: String, blob: String, contentKind: ContentKind, size: Int,
        fileName: String?, createdAt: Date
    ) {
        self.id = id
        self.interactionId = interactionId
        self.sessionId = sessionId
        self.type = type
        self.blob = blob
        self.contentKind = contentKind
        self.size = size
        self.fileName = fileName
        self.createdAt = createdAt
    }
}

/// A note pinned to a place on a page of a shared review.
public struct ReviewNoteRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "reviewNote"

    public var id: Int64?
    public var interactionId: String
    public var sessionId: String
    /// `agent` or `customer`.
    public var author: String
    /// 1-based page.
    public var page: Int
    /// Points from the displayed page's top-left corner.
    public var x: Double
    public var y: Double
    public var text: String
    public var createdAt: Date

    /// Creates a note.
    public init(
        id: Int64? = nil, interactionId: String, sessionId: String, author: String, page: Int, x: Double, y: Double, text: String,
        createdAt: Date
    ) {
        self.id = id
        self.interactionId = interactionId
        self.sessionId = sessionId
        self.author = author
        self.page = page
        self.x = x
        self.y = y
        self.text = text
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An admin-defined sequence of steps, sent into a session as one workflow interaction.
public struct WorkflowRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "workflow"

    public var id: String
    public var name: String
    public var description: String
    public var steps: [WorkflowStep]
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
}

/// One step of a workflow.
public struct WorkflowStep: Codable, Hashable, Sendable {
    /// What the step sends.
    public enum Kind: String, Codable, Sendable, CaseIterable { case template, documentRequest, paymentRequest }

    /// A document asked for by a request step.
    public struct RequestItem: Codable, Hashable, Sendable {
        public var type: String
        public var label: String?
    }

    public var kind: Kind
    /// The bubble's title; defaults to the template's name or the request's description.
    public var title: String?
    /// For `template`: the template slug.
    public var template: String?
    /// For `template`: agent values fixed by the workflow.
    public var values: [String: StampValue]?
    /// For `documentRequest`: document types, with a label for `other`.
    public var documents: [RequestItem]?
    /// For `documentRequest`.
    public var note: String?
    /// For `paymentRequest`: e.g. "12.50".
    public var amount: String?
    /// For `paymentRequest`: ISO 4217.
    public var currency: String?
    /// For `paymentRequest`.
    public var description: String?
}
