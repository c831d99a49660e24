import Foundation
import GRDB

/// A note pinned to a place on a page of a shared review.
public struct ReviewNoteRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "reviewNote"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let interactionId = Column(CodingKeys.interactionId)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let author = Column(CodingKeys.author)
        public static let page = Column(CodingKeys.page)
        public static let x = Column(CodingKeys.x)
        public static let y = Column(CodingKeys.y)
        public static let text = Column(CodingKeys.text)
        public static let createdAt = Column(CodingKeys.createdAt)
    }

    public var id: Int64?
    public var interactionId: String
    public var sessionId: String
    /// `agent` or `customer`.
    public var author: String
    /// 1-based page.
    public var page: Int
    /// Points from the displayed page's top-left corner.
    public var x: Double
    public var y: Double
    public var text: String
    public var createdAt: Date

    /// Creates a note.
    public init(
        id: Int64? = nil, interactionId: String, sessionId: String, author: String, page: Int, x: Double, y: Double, text: String,
        createdAt: Date
    ) {
        self.id = id
        self.interactionId = interactionId
        self.sessionId = sessionId
        self.author = author
        self.page = page
        self.x = x
        self.y = y
        self.text = text
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
