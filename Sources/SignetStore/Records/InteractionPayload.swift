import Foundation
import SignetModel

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
    /// SHA-256 of the finished PDF (the customer's sealed copy while awaiting the agent's
    /// countersignature; the countersigned one after it).
    public var finished: String?
    /// Values the agent gave when countersigning.
    public var countersignValues: [String: StampValue]?
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

    /// The agent countersigns it after the customer finishes.
    public var needsCountersign: Bool { fields.contains { $0.countersign } }
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
