import Foundation
import GRDB
import SignetModel

/// A customer session.
package struct SessionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "session"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let agentId = Column(CodingKeys.agentId)
        package static let customerName = Column(CodingKeys.customerName)
        package static let phone = Column(CodingKeys.phone)
        package static let email = Column(CodingKeys.email)
        package static let channel = Column(CodingKeys.channel)
        package static let state = Column(CodingKeys.state)
        package static let delivery = Column(CodingKeys.delivery)
        package static let deliveryError = Column(CodingKeys.deliveryError)
        package static let lifetimeSeconds = Column(CodingKeys.lifetimeSeconds)
        package static let createdAt = Column(CodingKeys.createdAt)
        package static let invitedAt = Column(CodingKeys.invitedAt)
        package static let firstVisitAt = Column(CodingKeys.firstVisitAt)
        package static let lastSeenAt = Column(CodingKeys.lastSeenAt)
        package static let expiresAt = Column(CodingKeys.expiresAt)
        package static let verification = Column(CodingKeys.verification)
        package static let completedAt = Column(CodingKeys.completedAt)
        package static let reminderFirst = Column(CodingKeys.reminderFirst)
        package static let reminderEvery = Column(CodingKeys.reminderEvery)
        package static let reminderMax = Column(CodingKeys.reminderMax)
        package static let remindersSent = Column(CodingKeys.remindersSent)
        package static let nextReminderAt = Column(CodingKeys.nextReminderAt)
        package static let lastRemindedAt = Column(CodingKeys.lastRemindedAt)
    }
    /// Lifecycle: draft (pre-planned) → invited → active → completed, or expired / cancelled.
    package enum State: String, Codable, Sendable, CaseIterable { case draft, invited, active, completed, expired, cancelled }
    /// How the invitation travels.
    package enum Channel: String, Codable, Sendable, CaseIterable { case sms, email }
    /// Where the latest invitation is.
    package enum Delivery: String, Codable, Sendable { case none, queued, sent, failed }
    /// What the customer must prove before seeing anything: a one-time code sent over the channel.
    package enum Verification: String, Codable, Sendable, CaseIterable { case code }

    package var id: String
    package var agentId: String
    package var customerName: String
    package var phone: String?
    package var email: String?
    package var channel: Channel
    package var state: State
    package var delivery: Delivery
    package var deliveryError: String?
    /// How long the session lasts from its invitation (renewing counts from the renewal).
    package var lifetimeSeconds: Int
    package var createdAt: Date
    package var invitedAt: Date?
    package var firstVisitAt: Date?
    package var lastSeenAt: Date?
    package var expiresAt: Date?
    /// Nil: the link alone opens the session.
    package var verification: Verification? = nil

    /// When every interaction was done (completed or declined); the customer's downloads stay
    /// open for a while after it.
    package var completedAt: Date? = nil
    /// The reminder plan (seconds to the first, seconds between, most sent); nil: none.
    package var reminderFirst: Int? = nil
    package var reminderEvery: Int? = nil
    package var reminderMax: Int? = nil
    /// Reminders sent on schedule so far.
    package var remindersSent: Int = 0
    /// When the next scheduled reminder is due; nil: none is.
    package var nextReminderAt: Date? = nil
    /// When the customer was last reminded (on schedule or by hand).
    package var lastRemindedAt: Date? = nil

    /// Creates a session row.
    package init(
        id: String, agentId: String, customerName: String, phone: String? = nil, email: String? = nil, channel: Channel, state: State,
        delivery: Delivery, deliveryError: String? = nil, lifetimeSeconds: Int, createdAt: Date, invitedAt: Date? = nil,
        firstVisitAt: Date? = nil, lastSeenAt: Date? = nil, expiresAt: Date? = nil,
        verification: Verification? = nil
    ) {
        self.id = id
        self.agentId = agentId
        self.customerName = customerName
        self.phone = phone
        self.email = email
        self.channel = channel
        self.state = state
        self.delivery = delivery
        self.deliveryError = deliveryError
        self.lifetimeSeconds = lifetimeSeconds
        self.createdAt = createdAt
        self.invitedAt = invitedAt
        self.firstVisitAt = firstVisitAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.verification = verification
    }

    /// The reminder plan, if the session has one.
    package var reminders: ReminderPlan? {
        guard let reminderFirst, let reminderEvery, let reminderMax, reminderMax > 0 else { return nil }
        return ReminderPlan(first: reminderFirst, every: reminderEvery, max: reminderMax)
    }
}
