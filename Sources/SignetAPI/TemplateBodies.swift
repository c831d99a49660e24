import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the template and workflow routes read and answer besides the views.

public struct MadeTemplate: Encodable, Sendable {
    public var template: TemplateDetail
    /// Form fields that were not imported, and why.
    public var skipped: [FieldProblem]
    public var tagCount: Int

    /// Creates the value.
    public init(template: TemplateDetail, skipped: [FieldProblem], tagCount: Int) {
        self.template = template
        self.skipped = skipped
        self.tagCount = tagCount
    }
}

public struct TemplateSummary: Encodable, Sendable {
    public var slug: String
    public var name: String
    public var folder: String
    public var description: String
    public var version: Int
    public var contentHash: String

    /// Creates the value.
    public init(slug: String, name: String, folder: String, description: String, version: Int, contentHash: String) {
        self.slug = slug
        self.name = name
        self.folder = folder
        self.description = description
        self.version = version
        self.contentHash = contentHash
    }
}

public struct DocumentTypeView: Codable, Sendable {
    public var id: String
    public var label: String

    /// Creates the value.
    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

public struct WorkflowSpec: Decodable {
    public var name: String
    public var description: String?
    public var steps: [WorkflowStep]
}
