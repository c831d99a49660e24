import Foundation
import GRDB
import SignetModel

/// A file uploaded into a session: by the customer for a document request, or by the agent
/// as the PDF of an ad hoc document (no interaction yet, type `agentDocument`).
package struct UploadRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "upload"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let interactionId = Column(CodingKeys.interactionId)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let type = Column(CodingKeys.type)
        package static let blob = Column(CodingKeys.blob)
        package static let contentKind = Column(CodingKeys.contentKind)
        package static let size = Column(CodingKeys.size)
        package static let fileName = Column(CodingKeys.fileName)
        package static let createdAt = Column(CodingKeys.createdAt)
    }

    package var id: String
    package var interactionId: String?
    package var sessionId: String
    /// The requested document it answers (a `DocumentType` id), or `agentDocument`.
    package var type: String
    /// SHA-256 of the bytes.
    package var blob: String
    /// What the bytes are, by content.
    package var contentKind: ContentKind
    package var size: Int
    /// The name the customer's device gave it (shown, never used as a path).
    package var fileName: String?
    package var createdAt: Date

    /// Creates an upload record.
    package init(
        id: String, interactionId: String?, sessionId: String, type: String, blob: String, contentKind: ContentKind, size: Int,
        fileName: String?, createdAt: Date
    ) {
        self.id = id
        self.interactionId = interactionId
        self.sessionId = sessionId
        self.type = type
        self.blob = blob
        self.contentKind = contentKind
        self.size = size
        self.fileName = fileName
        self.createdAt = createdAt
    }
}
