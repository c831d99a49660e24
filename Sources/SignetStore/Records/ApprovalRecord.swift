import Foundation
import GRDB

/// A finished document forwarded by a session's agent to another account for approval, and
/// that account's decision.
package struct ApprovalRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "approval"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let interactionId = Column(CodingKeys.interactionId)
        package static let forwarderId = Column(CodingKeys.forwarderId)
        package static let approverId = Column(CodingKeys.approverId)
        package static let status = Column(CodingKeys.status)
        package static let createdAt = Column(CodingKeys.createdAt)
    }

    /// Waiting for the approver, or decided.
    package enum Status: String, Codable, Sendable, CaseIterable { case pending, approved, rejected }

    package var id: String
    package var sessionId: String
    package var interactionId: String
    /// The account that forwarded it (the session's agent, or an admin acting on the session).
    package var forwarderId: String
    /// The account asked to approve.
    package var approverId: String
    /// The forwarder's note to the approver.
    package var note: String?
    package var status: Status
    /// Why it was approved (optional) or rejected (required).
    package var reason: String?
    package var createdAt: Date
    package var decidedAt: Date?
}
