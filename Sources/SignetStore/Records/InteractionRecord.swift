import Foundation
import GRDB
import SignetModel

/// Something an agent sent into a session, shown as one status bubble: a document (from a
/// template or uploaded), a document request, a payment request, a batch or workflow (a group
/// completed in order), or a shared review.
package struct InteractionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "interaction"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let parentId = Column(CodingKeys.parentId)
        package static let position = Column(CodingKeys.position)
        package static let kind = Column(CodingKeys.kind)
        package static let title = Column(CodingKeys.title)
        package static let status = Column(CodingKeys.status)
        package static let payload = Column(CodingKeys.payload)
        package static let declineReason = Column(CodingKeys.declineReason)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let updatedAt = Column(CodingKeys.updatedAt)
        package static let completedAt = Column(CodingKeys.completedAt)
    }

    /// What it is.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        case document, documentRequest, paymentRequest, batch, workflow, review

        /// Batches and workflows hold other interactions, released one at a time.
        package var isGroup: Bool { self == .batch || self == .workflow }
    }

    /// The bubble: pending (queued in a pre-planned session, or waiting for an earlier step),
    /// sent, opened, in progress, completed, declined, failed.
    package enum Status: String, Codable, Sendable, CaseIterable {
        case pending, sent, opened, inProgress, completed, declined, failed
        /// The customer finished a document with countersign fields; the agent fills them next.
        case awaitingCountersign

        /// Nothing more happens to a finished interaction.
        package var isFinal: Bool { self == .completed || self == .declined }
        /// The customer sees it and may act on it.
        package var isReleased: Bool { self != .pending }
    }

    package var id: String
    package var sessionId: String
    /// The batch or workflow this is a step of.
    package var parentId: String?
    /// Order in the session (top level) or in the group.
    package var position: Int
    package var kind: Kind
    package var title: String
    package var status: Status
    /// The kind's particulars, stored as JSON.
    package var payload: InteractionPayload
    /// Why the customer declined.
    package var declineReason: String?
    package var createdAt: Date
    package var updatedAt: Date
    package var completedAt: Date?

    /// Creates an interaction row.
    package init(
        id: String, sessionId: String, parentId: String? = nil, position: Int, kind: Kind, title: String, status: Status,
        payload: InteractionPayload, declineReason: String? = nil, createdAt: Date, updatedAt: Date, completedAt: Date? = nil
    ) {
        self.id = id
        self.sessionId = sessionId
        self.parentId = parentId
        self.position = position
        self.kind = kind
        self.title = title
        self.status = status
        self.payload = payload
        self.declineReason = declineReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
    }
}
