import Foundation
import GRDB
import SignetModel

/// A file uploaded into a session: by the customer for a document request, or by the agent
/// as the PDF of an ad hoc document (no interaction yet, type `agentDocument`).
public struct UploadRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "upload"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let interactionId = Column(CodingKeys.interactionId)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let type = Column(CodingKeys.type)
        public static let blob = Column(CodingKeys.blob)
        public static let contentKind = Column(CodingKeys.contentKind)
        public static let size = Column(CodingKeys.size)
        public static let fileName = Column(CodingKeys.fileName)
        public static let createdAt = Column(CodingKeys.createdAt)
    }

    public var id: String
    public var interactionId: String?
    public var sessionId: String
    /// The requested document it answers (a `DocumentType` id), or `agentDocument`.
    public var type: String
    /// SHA-256 of the bytes.
    public var blob: String
    /// What the bytes are, by content.
    public var contentKind: ContentKind
    public var size: Int
    /// The name the customer's device gave it (shown, never used as a path).
    public var fileName: String?
    public var createdAt: Date

    /// Creates an upload record.
    public init(
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
