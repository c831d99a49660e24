import Foundation
import GRDB
import SignetModel

/// Who did something, from where: stored with every event.
package struct Actor: Sendable, Hashable {
    /// `agent:<id>`, `customer` or `system`.
    package var name: String
    /// The client's IP address.
    package var ip: String?
    /// The client's user agent.
    package var userAgent: String?

    /// Creates an actor.
    package init(name: String, ip: String? = nil, userAgent: String? = nil) {
        self.name = name
        self.ip = ip
        self.userAgent = userAgent
    }

    /// The system itself (deliveries, expiry).
    package static let system = Actor(name: "system")
}

/// The customer a session is for, as the agent enters them.
package struct CustomerContact: Codable, Sendable, Hashable {
    /// Full name.
    package var name: String
    /// E.164 phone number, for SMS.
    package var phone: String?
    /// Email address.
    package var email: String?
    /// How the invitation travels.
    package var channel: SessionRecord.Channel

    /// Creates a contact.
    package init(name: String, phone: String? = nil, email: String? = nil, channel: SessionRecord.Channel) {
        self.name = name
        self.phone = phone
        self.email = email
        self.channel = channel
    }

    /// Problems per field (name, phone, email, channel). Syntax problems of the channel's
    /// contact are not among them: those are found at delivery and shown as a failed delivery
    /// the agent can correct (re-engage).
    package var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 200 {
            problems.append(FieldProblem(field: "name", label: "Customer name", reason: "give the customer's name (1 to 200 characters)"))
        }
        let needed = channel == .sms ? phone : email
        if (needed ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            let field = channel == .sms ? "phone" : "email"
            problems.append(
                FieldProblem(
                    field: field, label: field,
                    reason: "the \(channel.rawValue) channel needs \(field == "phone" ? "a phone number" : "an email address")"))
        }
        return problems
    }
}

/// The sessions' rows in SQLite: reads, and the expiry the store records on its own paths.
/// Starting, inviting, re-engaging and every other change are SignetSessions' use cases over
/// the session aggregate (`StoreBackend.withSession`).
package struct Sessions: Sendable {
    let store: Store

    /// Creates the reads over `store`.
    package init(store: Store) { self.store = store }

    /// The session `id` as it stands at `now`: past its expiry it reads as expired. Reading
    /// never writes (streams and pages read many times a second); the expiry is recorded by
    /// SignetSessions' `recordExpiries` or by the next change to the session.
    package func session(id: String, now: Date = Date()) async throws -> SessionRecord? {
        try await store.read { db in try SessionRecord.fetchOne(db, where: "id", is: id).map { Self.current($0, now: now) } }
    }

    /// The ids of invited or active sessions past their expiry at `now`.
    package func expired(now: Date) async throws -> [String] {
        try await store.read { db in
            try SessionRecord.filter(
                [SessionRecord.State.invited.rawValue, SessionRecord.State.active.rawValue].contains(SessionRecord.Columns.state)
            )
            .filter(SessionRecord.Columns.expiresAt <= now).select(SessionRecord.Columns.id, as: String.self).fetchAll(db)
        }
    }

    /// Sessions visible to `user` (an agent's own, or all for an admin), newest first, filtered
    /// by a search over name, phone and email and by state.
    package func list(for user: UserRecord, search: String?, state: SessionRecord.State?, limit: Int, offset: Int) async throws -> (
        [SessionRecord], total: Int
    ) {
        try await store.read { db in
            var request = SessionRecord.all()
            if user.role != .admin { request = request.filter(SessionRecord.Columns.agentId == user.id) }
            if let state { request = request.filter(SessionRecord.Columns.state == state.rawValue) }
            if let search, !search.isEmpty {
                let pattern = "%\(search.replacingOccurrences(of: "%", with: ""))%"
                request = request.filter(
                    SessionRecord.Columns.customerName.like(pattern) || SessionRecord.Columns.phone.like(pattern)
                        || SessionRecord.Columns.email.like(pattern))
            }
            let total = try request.fetchCount(db)
            let rows = try request.order(SessionRecord.Columns.createdAt.desc, SessionRecord.Columns.id).limit(limit, offset: offset)
                .fetchAll(db)
            return (rows.map { Self.current($0, now: Date()) }, total)
        }
    }

    /// Invited or active sessions whose next scheduled reminder is due by `now`, soonest
    /// first, at most `limit`; each is checked again as it is held (`CustomerSessions.sendDueReminders`).
    package func dueReminders(now: Date, limit: Int) async throws -> [SessionRecord] {
        try await store.read { db in
            try SessionRecord.filter(SessionRecord.Columns.nextReminderAt != nil && SessionRecord.Columns.nextReminderAt <= now)
                .order(SessionRecord.Columns.nextReminderAt).limit(limit).fetchAll(db)
        }
    }

    static func fetch(_ db: Database, _ id: String) throws -> SessionRecord {
        guard let session = try SessionRecord.fetchOne(db, key: id) else {
            throw SignetError(.invalidInput, "there is no session \(id)", field: "id")
        }
        return session
    }

    /// `session` as it stands at `now`, without recording anything: an invited or active
    /// session past its expiry is expired.
    package static func current(_ session: SessionRecord, now: Date) -> SessionRecord {
        guard [.invited, .active].contains(session.state), let expiresAt = session.expiresAt, expiresAt <= now else { return session }
        var expired = session
        expired.state = .expired
        return expired
    }

    /// Records the expiry of `session` if it is due (state and event), for paths that write anyway.
    static func expireIfDue(_ db: Database, _ session: SessionRecord, now: Date) throws -> SessionRecord {
        let expired = current(session, now: now)
        guard expired.state != session.state else { return session }
        try expired.update(db)
        try EventLog.append(db, session: session.id, kind: "expired", actor: .system, now: now)
        return expired
    }
}
