import Foundation
import GRDB

/// A note pinned to a place on a page of a shared review.
package struct ReviewNoteRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "reviewNote"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let interactionId = Column(CodingKeys.interactionId)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let author = Column(CodingKeys.author)
        package static let page = Column(CodingKeys.page)
        package static let x = Column(CodingKeys.x)
        package static let y = Column(CodingKeys.y)
        package static let text = Column(CodingKeys.text)
        package static let createdAt = Column(CodingKeys.createdAt)
    }

    package var id: Int64?
    package var interactionId: String
    package var sessionId: String
    /// `agent` or `customer`.
    package var author: String
    /// 1-based page.
    package var page: Int
    /// Points from the displayed page's top-left corner.
    package var x: Double
    package var y: Double
    package var text: String
    package var createdAt: Date

    /// Creates a note.
    package init(
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

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
