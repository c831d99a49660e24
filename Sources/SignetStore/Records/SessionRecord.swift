import Foundation
import GRDB
import SignetModel

/// A customer session.
public struct SessionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "session"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let agentId = Column(CodingKeys.agentId)
        public static let customerName = Column(CodingKeys.customerName)
        public static let phone = Column(CodingKeys.phone)
        public static let email = Column(CodingKeys.email)
        public static let channel = Column(CodingKeys.channel)
        public static let state = Column(CodingKeys.state)
        public static let delivery = Column(CodingKeys.delivery)
        public static let deliveryError = Column(CodingKeys.deliveryError)
        public static let lifetimeSeconds = Column(CodingKeys.lifetimeSeconds)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let invitedAt = Column(CodingKeys.invitedAt)
        public static let firstVisitAt = Column(CodingKeys.firstVisitAt)
        public static let lastSeenAt = Column(CodingKeys.lastSeenAt)
        public static let expiresAt = Column(CodingKeys.expiresAt)
        public static let verification = Column(CodingKeys.verification)
        public static let completedAt = Column(CodingKeys.completedAt)
        public static let reminderFirst = Column(CodingKeys.reminderFirst)
        public static let reminderEvery = Column(CodingKeys.reminderEvery)
        public static let reminderMax = Column(CodingKeys.reminderMax)
        public static let remindersSent = Column(CodingKeys.remindersSent)
        public static let nextReminderAt = Column(CodingKeys.nextReminderAt)
        public static let lastRemindedAt = Column(CodingKeys.lastRemindedAt)
    }
    /// Lifecycle: draft (pre-planned) → invited → active → completed, or expired / cancelled.
    public enum State: String, Codable, Sendable, CaseIterable { case draft, invited, active, completed, expired, cancelled }
    /// How the invitation travels.
    public enum Channel: String, Codable, Sendable, CaseIterable { case sms, email }
    /// Where the latest invitation is.
    public enum Delivery: String, Codable, Sendable { case none, queued, sent, failed }
    /// What the customer must prove before seeing anything: a one-time code sent over the channel.
    public enum Verification: String, Codable, Sendable, CaseIterable { case code }

    public var id: String
    public var agentId: String
    public var customerName: String
    public var phone: String?
    public var email: String?
    public var channel: Channel
    public var state: State
    public var delivery: Delivery
    public var deliveryError: String?
    /// How long the session lasts from its invitation (renewing counts from the renewal).
    public var lifetimeSeconds: Int
    public var createdAt: Date
    public var invitedAt: Date?
    public var firstVisitAt: Date?
    public var lastSeenAt: Date?
    public var expiresAt: Date?
    /// Nil: the link alone opens the session.
    public var verification: Verification? = nil

    /// When every interaction was done (completed or declined); the customer's downloads stay
    /// open for a while after it.
    public var completedAt: Date? = nil
    /// The reminder plan (seconds to the first, seconds between, most sent); nil: none.
    public var reminderFirst: Int? = nil
    public var reminderEvery: Int? = nil
    public var reminderMax: Int? = nil
    /// Reminders sent on schedule so far.
    public var remindersSent: Int = 0
    /// When the next scheduled reminder is due; nil: none is.
    public var nextReminderAt: Date? = nil
    /// When the customer was last reminded (on schedule or by hand).
    public var lastRemindedAt: Date? = nil

    /// Creates a session row.
    public init(
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
    public var reminders: ReminderPlan? {
        guard let reminderFirst, let reminderEvery, let reminderMax, reminderMax > 0 else { return nil }
        return ReminderPlan(first: reminderFirst, every: reminderEvery, max: reminderMax)
    }
}
