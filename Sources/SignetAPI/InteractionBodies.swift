import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the interaction routes read and answer besides the views.

public struct UploadedView: Encodable, Sendable {
    public var upload: String
    public var fileName: String?
    public var pages: [PageSize]
    public var formFields: Int
    public var warnings: [String]

    /// Creates the value.
    public init(upload: String, fileName: String? = nil, pages: [PageSize], formFields: Int, warnings: [String]) {
        self.upload = upload
        self.fileName = fileName
        self.pages = pages
        self.formFields = formFields
        self.warnings = warnings
    }
}

/// A single document spec, or `{"documents": [spec, ...]}`.
package enum DocumentsBody: Decodable {
    case one(InteractionComposer.DocumentSpec)
    case several([InteractionComposer.DocumentSpec])

    private enum Keys: String, CodingKey { case documents }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        if let several = try c.decodeIfPresent([InteractionComposer.DocumentSpec].self, forKey: .documents) {
            self = .several(several)
        } else {
            self = .one(try InteractionComposer.DocumentSpec(from: decoder))
        }
    }
}

/// The interaction sent, or `{"items": [...]}` for several.
public struct SentDocuments: Encodable, Sendable {
    public var one: InteractionView?
    public var items: [InteractionView]?

    public func encode(to encoder: Encoder) throws {
        if let one { try one.encode(to: encoder) } else { try ["items": items ?? []].encode(to: encoder) }
    }

    /// Creates the value.
    public init(one: InteractionView? = nil, items: [InteractionView]? = nil) {
        self.one = one
        self.items = items
    }
}

package struct BatchSpec: Decodable {
    package var title: String
    package var documents: [InteractionComposer.DocumentSpec]
}

public struct ReviewSpec: Decodable {
    public var title: String?
    /// A document interaction of this session, reviewed as the customer sees it.
    public var interaction: String?
    /// Or a PDF uploaded into this session.
    public var upload: String?
}

public struct WorkflowSend: Decodable {
    public var workflow: String
    /// Agent values for template steps, by step number ("1", "2", ...).
    public var values: [String: [String: StampValue]]?
}

public struct CustomerValues: Decodable {
    public var values: [String: StampValue]
}

public struct OptionalCustomerValues: Decodable {
    public var values: [String: StampValue]?
}

public struct DeclineRequest: Decodable {
    public var reason: String
}
