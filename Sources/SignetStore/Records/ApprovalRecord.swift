import Foundation
import GRDB

/// A finished document forwarded by a session's agent to another account for approval, and
/// that account's decision.
public struct ApprovalRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "approval"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let interactionId = Column(CodingKeys.interactionId)
        public static let forwarderId = Column(CodingKeys.forwarderId)
        public static let approverId = Column(CodingKeys.approverId)
        public static let status = Column(CodingKeys.status)
        public static let createdAt = Column(CodingKeys.createdAt)
    }

    /// Waiting for the approver, or decided.
    public enum Status: String, Codable, Sendable, CaseIterable { case pending, approved, rejected }

    public var id: String
    public var sessionId: String
    public var interactionId: String
    /// The account that forwarded it (the session's agent, or an admin acting on the session).
    public var forwarderId: String
    /// The account asked to approve.
    public var approverId: String
    /// The forwarder's note to the approver.
    public var note: String?
    public var status: Status
    /// Why it was approved (optional) or rejected (required).
    public var reason: String?
    public var createdAt: Date
    public var decidedAt: Date?
}
