import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// A template with its fields and pages, as agents pick it and admins edit it.
package struct TemplateDetail: Encodable, Sendable {
    package var slug: String
    package var name: String
    package var folder: String
    package var description: String
    package var version: Int
    package var contentHash: String
    /// Whether batches over HTTP may fill the customer's fields (an admin's choice).
    package var pipeline: Bool
    package var pages: [PageSize]
    /// Placed fields, in points: agent fields for the send form, customer fields shown apart.
    package var fields: [FieldDefinition]
    package var problems: [FieldProblem]
}

extension TemplateDetail {
    /// The template as checked: its fields, pages and problems.
    package init(_ checked: CheckedTemplate) {
        let d = checked.folder.definition
        self.init(
            slug: checked.folder.identity.slug, name: d.name, folder: d.folder, description: d.description,
            version: checked.folder.identity.version, contentHash: checked.folder.identity.contentHash, pipeline: d.forPipelines,
            pages: checked.pages.map { PageSize(width: $0.width, height: $0.height) }, fields: checked.fields, problems: checked.problems)
    }
}

/// An admin-defined workflow.
package struct WorkflowView: Encodable, Sendable {
    package var id: String
    package var name: String
    package var description: String
    package var steps: [WorkflowStep]
    package var createdAt: Date
    package var updatedAt: Date

    package init(_ w: WorkflowRecord) {
        id = w.id
        name = w.name
        description = w.description
        steps = w.steps
        createdAt = w.createdAt
        updatedAt = w.updatedAt
    }
}
