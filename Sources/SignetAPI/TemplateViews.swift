import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// A template with its fields and pages, as agents pick it and admins edit it.
public struct TemplateDetail: Encodable, Sendable {
    public var slug: String
    public var name: String
    public var folder: String
    public var description: String
    public var version: Int
    public var contentHash: String
    /// Whether batches over HTTP may fill the customer's fields (an admin's choice).
    public var pipeline: Bool
    public var pages: [PageSize]
    /// Placed fields, in points: agent fields for the send form, customer fields shown apart.
    public var fields: [FieldDefinition]
    public var problems: [FieldProblem]
}

extension TemplateDetail {
    /// The template as checked: its fields, pages and problems.
    public init(_ checked: CheckedTemplate) {
        let d = checked.folder.definition
        self.init(
            slug: checked.folder.identity.slug, name: d.name, folder: d.folder, description: d.description,
            version: checked.folder.identity.version, contentHash: checked.folder.identity.contentHash, pipeline: d.forPipelines,
            pages: checked.pages.map { PageSize(width: $0.width, height: $0.height) }, fields: checked.fields, problems: checked.problems)
    }
}

/// An admin-defined workflow.
public struct WorkflowView: Encodable, Sendable {
    public var id: String
    public var name: String
    public var description: String
    public var steps: [WorkflowStep]
    public var createdAt: Date
    public var updatedAt: Date

    public init(_ w: WorkflowRecord) {
        id = w.id
        name = w.name
        description = w.description
        steps = w.steps
        createdAt = w.createdAt
        updatedAt = w.updatedAt
    }
}
