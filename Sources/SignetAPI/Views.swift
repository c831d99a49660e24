import Foundation
import SignetModel
import SignetStore

/// A session as the API shows it: never a token or a link.
public struct SessionView: Encodable, Sendable {
    public var id: String
    public var state: String
    public var customer: Customer
    public var customerStatus: String
    public var delivery: String
    public var deliveryError: String?
    public var agentId: String
    public var createdAt: Date
    public var invitedAt: Date?
    public var firstVisitAt: Date?
    public var expiresAt: Date?
    public var verification: String?
    public var completedAt: Date?
    /// The reminder plan, if any; how many went on schedule, when the next is due, when the
    /// customer was last reminded.
    public var reminders: ReminderPlan?
    public var remindersSent: Int
    public var nextReminderAt: Date?
    public var lastRemindedAt: Date?

    public struct Customer: Codable, Sendable {
        public var name: String
        public var phone: String?
        public var email: String?
        public var channel: String
    }

    public init(_ s: SessionRecord, now: Date = Date()) {
        id = s.id
        state = s.state.rawValue
        customer = Customer(name: s.customerName, phone: s.phone, email: s.email, channel: s.channel.rawValue)
        customerStatus = Self.customerStatus(s, now: now)
        delivery = s.delivery.rawValue
        deliveryError = s.deliveryError
        agentId = s.agentId
        createdAt = s.createdAt
        invitedAt = s.invitedAt
        firstVisitAt = s.firstVisitAt
        expiresAt = s.expiresAt
        verification = s.verification?.rawValue
        completedAt = s.completedAt
        reminders = s.reminders
        remindersSent = s.remindersSent
        nextReminderAt = s.nextReminderAt
        lastRemindedAt = s.lastRemindedAt
    }

    /// The console's status indicator: not invited, invitation sent, delivery failed, waiting,
    /// connected, online now, completed (or the closed state).
    public static func customerStatus(_ s: SessionRecord, now: Date) -> String {
        switch s.state {
        case .draft: return "notInvited"
        case .completed: return "completed"
        case .cancelled, .expired: return s.state.rawValue
        case .invited:
            switch s.delivery {
            case .failed: return "deliveryFailed"
            case .sent: return "waiting"
            default: return "invitationSent"
            }
        case .active:
            if let seen = s.lastSeenAt, now.timeIntervalSince(seen) < 60 { return "onlineNow" }
            return "connected"
        }
    }
}

/// A page of a list.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    public var items: [Item]
    public var total: Int
    public var limit: Int
    public var offset: Int

    /// Items `offset..<offset+limit` of `total`.
    public init(items: [Item], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}

extension Page {
    /// A list answered whole, in one page.
    public init(all items: [Item]) { self.init(items: items, total: items.count, limit: items.count, offset: 0) }
}

/// An account as the API shows it (never the hash).
public struct UserView: Encodable, Sendable {
    public var id: String
    public var email: String
    public var name: String
    public var role: String
    public var disabled: Bool

    public init(_ u: UserRecord) {
        id = u.id
        email = u.email
        name = u.name
        role = u.role.rawValue
        disabled = u.disabledAt != nil
    }
}

/// One entry of the session record.
public struct EventView: Encodable, Sendable {
    public var id: Int64
    public var at: Date
    public var kind: String
    public var actor: String
    public var ip: String?
    public var userAgent: String?
    public var detail: [String: String]?
    /// The record's hash chain at this row (see `EventChain`).
    public var hash: String?
    /// The customer status right after this event (on the live stream).
    public var customerStatus: String?

    public init(_ e: EventRecord) {
        id = e.id ?? 0
        at = e.at
        kind = e.kind
        actor = e.actor
        ip = e.ip
        userAgent = e.userAgent
        detail = e.detail.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        hash = e.hash
    }
}
