import Foundation
import SignetModel
import SignetStore

/// A session as the API shows it: never a token or a link.
package struct SessionView: Encodable, Sendable {
    package var id: String
    package var state: String
    package var customer: Customer
    package var customerStatus: String
    package var delivery: String
    package var deliveryError: String?
    package var agentId: String
    package var createdAt: Date
    package var invitedAt: Date?
    package var firstVisitAt: Date?
    package var expiresAt: Date?
    package var verification: String?
    package var completedAt: Date?
    /// The reminder plan, if any; how many went on schedule, when the next is due, when the
    /// customer was last reminded.
    package var reminders: ReminderPlan?
    package var remindersSent: Int
    package var nextReminderAt: Date?
    package var lastRemindedAt: Date?

    package struct Customer: Codable, Sendable {
        package var name: String
        package var phone: String?
        package var email: String?
        package var channel: String
    }

    package init(_ s: SessionRecord, now: Date = Date()) {
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
    package static func customerStatus(_ s: SessionRecord, now: Date) -> String {
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
package struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    package var items: [Item]
    package var total: Int
    package var limit: Int
    package var offset: Int

    /// Items `offset..<offset+limit` of `total`.
    package init(items: [Item], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}

extension Page {
    /// A list answered whole, in one page.
    package init(all items: [Item]) { self.init(items: items, total: items.count, limit: items.count, offset: 0) }
}

/// An account as the API shows it (never the hash).
package struct UserView: Encodable, Sendable {
    package var id: String
    package var email: String
    package var name: String
    package var role: String
    package var disabled: Bool

    package init(_ u: UserRecord) {
        id = u.id
        email = u.email
        name = u.name
        role = u.role.rawValue
        disabled = u.disabledAt != nil
    }
}

/// One entry of the session record.
package struct EventView: Encodable, Sendable {
    package var id: Int64
    package var at: Date
    package var kind: String
    package var actor: String
    package var ip: String?
    package var userAgent: String?
    package var detail: [String: String]?
    /// The record's hash chain at this row (see `EventChain`).
    package var hash: String?
    /// The customer status right after this event (on the live stream).
    package var customerStatus: String?

    package init(_ e: EventRecord) {
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
