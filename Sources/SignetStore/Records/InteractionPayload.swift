import Foundation
import SignetModel

/// The particulars of an interaction; exactly the part for its kind is set.
package struct InteractionPayload: Codable, Hashable, Sendable {
    /// For documents.
    package var document: DocumentPart?
    /// For document requests.
    package var request: RequestPart?
    /// For payment requests.
    package var payment: PaymentPart?
    /// For shared reviews.
    package var review: ReviewPart?
    /// For workflows: the definition it was sent from.
    package var workflowId: String?

    /// Creates a payload.
    package init(
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
package struct PageSize: Codable, Hashable, Sendable {
    package var width: Double
    package var height: Double

    /// Creates a size.
    package init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// A document to complete: the exact PDF (by blob hash), its fields in points, the agent's
/// values from sending, the customer's saved values, and the finished PDF.
package struct DocumentPart: Codable, Hashable, Sendable {
    /// The template version it came from; nil for an uploaded document.
    package var template: TemplateIdentity?
    /// The uploaded file's name, for ad hoc documents.
    package var fileName: String?
    /// SHA-256 of the PDF as uploaded or as the template has it.
    package var original: String
    /// SHA-256 of the PDF with the agent's values stamped: what the customer sees and finishes.
    package var prepared: String
    /// Displayed page sizes.
    package var pages: [PageSize]
    /// Placed fields (points, top-left of the displayed page).
    package var fields: [FieldDefinition]
    /// Values the agent gave at sending.
    package var agentValues: [String: StampValue]
    /// Values the customer saved so far.
    package var customerValues: [String: StampValue]
    /// SHA-256 of the finished PDF (the customer's sealed copy while awaiting the agent's
    /// countersignature; the countersigned one after it).
    package var finished: String?
    /// Values the agent gave when countersigning.
    package var countersignValues: [String: StampValue]?
    /// SHA-256 of its certificate of completion, once issued.
    package var certificate: String?

    /// Creates a document part.
    package init(
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
    package var isApproval: Bool { !fields.contains { $0.role == .customer } }

    /// The agent countersigns it after the customer finishes.
    package var needsCountersign: Bool { fields.contains { $0.countersign } }
}

/// One file asked for in a document request.
package struct RequestedDocument: Codable, Hashable, Sendable {
    /// A `DocumentType` id.
    package var type: String
    /// What the customer sees: the type's label, or the agent's own for `other`.
    package var label: String

    /// Creates a requested document.
    package init(type: String, label: String) {
        self.type = type
        self.label = label
    }
}

/// A request for files.
package struct RequestPart: Codable, Hashable, Sendable {
    /// What is asked for, in order.
    package var documents: [RequestedDocument]
    /// A note from the agent.
    package var note: String?
    /// SHA-256 of the PDF assembled from the uploaded images, once submitted.
    package var assembled: String?

    /// Creates a request part.
    package init(documents: [RequestedDocument], note: String?, assembled: String? = nil) {
        self.documents = documents
        self.note = note
        self.assembled = assembled
    }
}

/// A request for money. No card number is ever part of it.
package struct PaymentPart: Codable, Hashable, Sendable {
    /// requested → processing (reserved while the provider is asked) → paid, or back to
    /// rejected (the customer may try another card); or declined by the customer.
    package enum State: String, Codable, Sendable { case requested, processing, paid, declined, rejected }

    package var amount: MoneyAmount
    package var description: String
    package var state: State
    /// The provider's reference for the successful charge.
    package var reference: String?
    /// The provider's reason for the last rejection.
    package var failure: String?
    /// Attempts the provider has rejected so far. The attempt under way is keyed by it, so
    /// an attempt retried after a crash reuses its key and the provider does not charge twice.
    package var attempts: Int

    /// Creates a payment part.
    package init(
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
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amount = try c.decode(MoneyAmount.self, forKey: .amount)
        description = try c.decode(String.self, forKey: .description)
        state = try c.decode(State.self, forKey: .state)
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        failure = try c.decodeIfPresent(String.self, forKey: .failure)
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
    }

    /// The provider key of the attempt under way: the same for every retry of it.
    package func chargeKey(interaction id: String) -> String { "\(id):\(attempts)" }
}

/// A document agent and customer look at together.
package struct ReviewPart: Codable, Hashable, Sendable {
    /// SHA-256 of the PDF under review.
    package var original: String
    /// Displayed page sizes.
    package var pages: [PageSize]
    /// The interaction whose document is reviewed, if any.
    package var source: String?

    /// Creates a review part.
    package init(original: String, pages: [PageSize], source: String?) {
        self.original = original
        self.pages = pages
        self.source = source
    }
}
