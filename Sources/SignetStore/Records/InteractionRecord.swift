import Foundation
import GRDB
import SignetModel

/// Something an agent sent into a session, shown as one status bubble: a document (from a
/// template or uploaded), a document request, a payment request, a batch or workflow (a group
/// completed in order), or a shared review.
public struct InteractionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "interaction"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let parentId = Column(CodingKeys.parentId)
        public static let position = Column(CodingKeys.position)
        public static let kind = Column(CodingKeys.kind)
        public static let title = Column(CodingKeys.title)
        public static let status = Column(CodingKeys.status)
        public static let payload = Column(CodingKeys.payload)
        public static let declineReason = Column(CodingKeys.declineReason)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let updatedAt = Column(CodingKeys.updatedAt)
        public static let completedAt = Column(CodingKeys.completedAt)
    }

    /// What it is.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case document, documentRequest, paymentRequest, batch, workflow, review

        /// Batches and workflows hold other interactions, released one at a time.
        public var isGroup: Bool { self == .batch || self == .workflow }
    }

    /// The bubble: pending (queued in a pre-planned session, or waiting for an earlier step),
    /// sent, opened, in progress, completed, declined, failed.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending, sent, opened, inProgress, completed, declined, failed
        /// The customer finished a document with countersign fields; the agent fills them next.
        case awaitingCountersign

        /// Nothing more happens to a finished interaction.
        public var isFinal: Bool { self == .completed || self == .declined }
        /// The customer sees it and may act on it.
        public var isReleased: Bool { self != .pending }
    }

    public var id: String
    public var sessionId: String
    /// The batch or workflow this is a step of.
    public var parentId: String?
    /// Order in the session (top level) or in the group.
    public var position: Int
    public var kind: Kind
    public var title: String
    public var status: Status
    /// The kind's particulars, stored as JSON.
    public var payload: InteractionPayload
    /// Why the customer declined.
    public var declineReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?

    /// Creates an interaction row.
    public init(
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
