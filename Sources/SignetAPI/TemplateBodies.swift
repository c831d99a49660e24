import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the template and workflow routes read and answer besides the views.

package struct MadeTemplate: Encodable, Sendable {
    package var template: TemplateDetail
    /// Form fields that were not imported, and why.
    package var skipped: [FieldProblem]
    package var tagCount: Int

    /// Creates the value.
    package init(template: TemplateDetail, skipped: [FieldProblem], tagCount: Int) {
        self.template = template
        self.skipped = skipped
        self.tagCount = tagCount
    }
}

package struct TemplateSummary: Encodable, Sendable {
    package var slug: String
    package var name: String
    package var folder: String
    package var description: String
    package var version: Int
    package var contentHash: String

    /// Creates the value.
    package init(slug: String, name: String, folder: String, description: String, version: Int, contentHash: String) {
        self.slug = slug
        self.name = name
        self.folder = folder
        self.description = description
        self.version = version
        self.contentHash = contentHash
    }
}

package struct DocumentTypeView: Codable, Sendable {
    package var id: String
    package var label: String

    /// Creates the value.
    package init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

package struct WorkflowSpec: Decodable {
    package var name: String
    package var description: String?
    package var steps: [WorkflowStep]
}
