import Foundation
import GRDB
import SignetModel

/// An admin-defined sequence of steps, sent into a session as one workflow interaction.
package struct WorkflowRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "workflow"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let name = Column(CodingKeys.name)
        package static let description = Column(CodingKeys.description)
        package static let steps = Column(CodingKeys.steps)
        package static let createdBy = Column(CodingKeys.createdBy)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let updatedAt = Column(CodingKeys.updatedAt)
    }

    package var id: String
    package var name: String
    package var description: String
    package var steps: [WorkflowStep]
    package var createdBy: String
    package var createdAt: Date
    package var updatedAt: Date
}

/// One step of a workflow.
package struct WorkflowStep: Codable, Hashable, Sendable {
    /// What the step sends.
    package enum Kind: String, Codable, Sendable, CaseIterable { case template, documentRequest, paymentRequest }

    /// A document asked for by a request step.
    package struct RequestItem: Codable, Hashable, Sendable {
        package var type: String
        package var label: String?
    }

    package var kind: Kind
    /// The bubble's title; defaults to the template's name or the request's description.
    package var title: String?
    /// For `template`: the template slug.
    package var template: String?
    /// For `template`: agent values fixed by the workflow.
    package var values: [String: StampValue]?
    /// For `documentRequest`: document types, with a label for `other`.
    package var documents: [RequestItem]?
    /// For `documentRequest`.
    package var note: String?
    /// For `paymentRequest`: e.g. "12.50".
    package var amount: String?
    /// For `paymentRequest`: ISO 4217.
    package var currency: String?
    /// For `paymentRequest`.
    package var description: String?
}
