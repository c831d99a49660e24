import Foundation
import Hummingbird
import SignetModel
import SignetStore

/// A session as the API shows it: never a token or a link.
struct SessionView: ResponseEncodable {
    var id: String
    var state: String
    var customer: Customer
    var customerStatus: String
    var delivery: String
    var deliveryError: String?
    var agentId: String
    var createdAt: Date
    var invitedAt: Date?
    var firstVisitAt: Date?
    var expiresAt: Date?
    var completedAt: Date?
    /// The reminder plan, if any; how many went on schedule, when the next is due, when the
    /// customer was last reminded.
    var reminders: ReminderPlan?
    var remindersSent: Int
    var nextReminderAt: Date?
    var lastRemindedAt: Date?

    struct Customer: Codable {
        var name: String
        var phone: String?
        var email: String?
        var channel: String
    }

    init(_ s: SessionRecord, now: Date = Date()) {
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
        completedAt = s.completedAt
        reminders = s.reminders
        remindersSent = s.remindersSent
        nextReminderAt = s.nextReminderAt
        lastRemindedAt = s.lastRemindedAt
    }

    /// The console's status indicator: not invited, invitation sent, delivery failed, waiting,
    /// connected, online now, completed (or the closed state).
    static func customerStatus(_ s: SessionRecord, now: Date) -> String {
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
struct Page<Item: Encodable & Sendable>: ResponseEncodable {
    var items: [Item]
    var total: Int
    var limit: Int
    var offset: Int
}

extension Page {
    /// A list answered whole, in one page.
    init(all items: [Item]) { self.init(items: items, total: items.count, limit: items.count, offset: 0) }
}

/// An account as the API shows it (never the hash).
struct UserView: ResponseEncodable {
    var id: String
    var email: String
    var name: String
    var role: String
    var disabled: Bool

    init(_ u: UserRecord) {
        id = u.id
        email = u.email
        name = u.name
        role = u.role.rawValue
        disabled = u.disabledAt != nil
    }
}

/// One entry of the session record.
struct EventView: ResponseEncodable {
    var id: Int64
    var at: Date
    var kind: String
    var actor: String
    var ip: String?
    var userAgent: String?
    var detail: [String: String]?
    /// The record's hash chain at this row (see `EventChain`).
    var hash: String?
    /// The customer status right after this event (on the live stream).
    var customerStatus: String?

    init(_ e: EventRecord) {
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
