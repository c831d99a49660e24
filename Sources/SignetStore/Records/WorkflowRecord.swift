import Foundation
import GRDB
import SignetModel

/// An admin-defined sequence of steps, sent into a session as one workflow interaction.
public struct WorkflowRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "workflow"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let name = Column(CodingKeys.name)
        public static let description = Column(CodingKeys.description)
        public static let steps = Column(CodingKeys.steps)
        public static let createdBy = Column(CodingKeys.createdBy)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

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
