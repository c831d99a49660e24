import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the interaction routes read and answer besides the views.

package struct UploadedView: Encodable, Sendable {
    package var upload: String
    package var fileName: String?
    package var pages: [PageSize]
    package var formFields: Int
    package var warnings: [String]

    /// Creates the value.
    package init(upload: String, fileName: String? = nil, pages: [PageSize], formFields: Int, warnings: [String]) {
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
package struct SentDocuments: Encodable, Sendable {
    package var one: InteractionView?
    package var items: [InteractionView]?

    package func encode(to encoder: Encoder) throws {
        if let one { try one.encode(to: encoder) } else { try ["items": items ?? []].encode(to: encoder) }
    }

    /// Creates the value.
    package init(one: InteractionView? = nil, items: [InteractionView]? = nil) {
        self.one = one
        self.items = items
    }
}

package struct BatchSpec: Decodable {
    package var title: String
    package var documents: [InteractionComposer.DocumentSpec]
}

package struct ReviewSpec: Decodable {
    package var title: String?
    /// A document interaction of this session, reviewed as the customer sees it.
    package var interaction: String?
    /// Or a PDF uploaded into this session.
    package var upload: String?
}

package struct WorkflowSend: Decodable {
    package var workflow: String
    /// Agent values for template steps, by step number ("1", "2", ...).
    package var values: [String: [String: StampValue]]?
}

package struct CustomerValues: Decodable {
    package var values: [String: StampValue]
}

package struct OptionalCustomerValues: Decodable {
    package var values: [String: StampValue]?
}

package struct DeclineRequest: Decodable {
    package var reason: String
}

/// `POST …/countersign`: the agent's values for the countersign fields.
package struct CountersignBody: Decodable {
    package var values: [String: StampValue]
}

/// `POST /customer/messages` and the agent's `POST …/messages`: the message's text.
package struct PostedMessage: Decodable {
    package var text: String
}

/// `POST /customer/verify`: the one-time code as the customer typed it.
package struct EnteredCode: Decodable {
    package var code: String
}
