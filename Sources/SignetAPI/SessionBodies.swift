import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the session routes read and answer besides the views.

public struct NewSession: Decodable {
    public var customer: CustomerContact
    /// `true` (default) invites at once; `false` pre-plans a draft.
    public var invite: Bool?
    /// `"code"`: the customer enters a one-time code before seeing anything.
    public var verification: SessionRecord.Verification?
    /// How long the session lasts from its invitation, as an ISO 8601 duration (`P7D`).
    public var lifetime: String?
    /// The reminder plan; default the admin's (`GET /settings`).
    public var reminders: ReminderPlan.Written?
}

public struct ReengageRequest: Decodable {
    public var phone: String?
    public var email: String?
    public var channel: SessionRecord.Channel?
}

/// The record as one page, with `head`: the chain hash at the session's latest event.
public struct RecordView: Encodable, Sendable {
    public var items: [EventView]
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var head: Head?

    public struct Head: Encodable, Sendable {
        public var event: Int64
        public var hash: String

        /// The head at event `event`, whose chain hash is `hash`.
        public init(event: Int64, hash: String) {
            self.event = event
            self.hash = hash
        }
    }

    /// Creates the value.
    public init(items: [EventView], total: Int, limit: Int, offset: Int, head: Head? = nil) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
        self.head = head
    }
}
