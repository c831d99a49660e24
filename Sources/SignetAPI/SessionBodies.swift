import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the session routes read and answer besides the views.

package struct NewSession: Decodable {
    package var customer: CustomerContact
    /// `true` (default) invites at once; `false` pre-plans a draft.
    package var invite: Bool?
    /// `"code"`: the customer enters a one-time code before seeing anything.
    package var verification: SessionRecord.Verification?
    /// How long the session lasts from its invitation, as an ISO 8601 duration (`P7D`).
    package var lifetime: String?
    /// The reminder plan; default the admin's (`GET /settings`).
    package var reminders: ReminderPlan.Written?

    /// The bounds of a session's lifetime: a second (tests) to a year.
    package static let lifetimeBounds = 1...(365 * 86_400)

    /// The lifetime in seconds and the reminder plan as written, checked; every problem at
    /// once, each naming its field, the customer's own among them.
    package func checked() throws -> (lifetime: Int?, reminders: ReminderPlan?) {
        var problems = customer.problems
        var seconds: Int?
        if let lifetime {
            do {
                seconds = try ISODuration.parse(lifetime, field: "lifetime", label: "Lifetime", within: Self.lifetimeBounds).seconds
            } catch {
                problems += error.problems
            }
        }
        var plan: ReminderPlan?
        if let reminders {
            switch ReminderPlan.parse(reminders, field: "reminders") {
            case .success(let parsed): plan = parsed
            case .failure(let found): problems += found.problems
            }
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "session", problems: problems) }
        return (seconds, plan)
    }
}

package struct ReengageRequest: Decodable {
    package var phone: String?
    package var email: String?
    package var channel: SessionRecord.Channel?
}

/// The record as one page, with `head`: the chain hash at the session's latest event.
package struct RecordView: Encodable, Sendable {
    package var items: [EventView]
    package var total: Int
    package var limit: Int
    package var offset: Int
    package var head: Head?

    package struct Head: Encodable, Sendable {
        package var event: Int64
        package var hash: String

        /// The head at event `event`, whose chain hash is `hash`.
        package init(event: Int64, hash: String) {
            self.event = event
            self.hash = hash
        }
    }

    /// Creates the value.
    package init(items: [EventView], total: Int, limit: Int, offset: Int, head: Head? = nil) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
        self.head = head
    }
}
