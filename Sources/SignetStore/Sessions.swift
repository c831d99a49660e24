import Foundation
import GRDB
import SignetModel

/// Who did something, from where: stored with every event.
public struct Actor: Sendable, Hashable {
    /// `agent:<id>`, `customer` or `system`.
    public var name: String
    /// The client's IP address.
    public var ip: String?
    /// The client's user agent.
    public var userAgent: String?

    /// Creates an actor.
    public init(name: String, ip: String? = nil, userAgent: String? = nil) {
        self.name = name
        self.ip = ip
        self.userAgent = userAgent
    }

    /// The system itself (deliveries, expiry).
    public static let system = Actor(name: "system")
}

/// The customer a session is for, as the agent enters them.
public struct CustomerContact: Codable, Sendable, Hashable {
    /// Full name.
    public var name: String
    /// E.164 phone number, for SMS.
    public var phone: String?
    /// Email address.
    public var email: String?
    /// How the invitation travels.
    public var channel: SessionRecord.Channel

    /// Creates a contact.
    public init(name: String, phone: String? = nil, email: String? = nil, channel: SessionRecord.Channel) {
        self.name = name
        self.phone = phone
        self.email = email
        self.channel = channel
    }

    /// Problems per field (name, phone, email, channel). Syntax problems of the channel's
    /// contact are not among them: those are found at delivery and shown as a failed delivery
    /// the agent can correct (re-engage).
    public var problems: [FieldProblem] {
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

/// Customer sessions: start or pre-plan, invite, re-engage, change (SignetSessions' renew and
/// cancel), and the customer's side (a link exchanged for a cookie). Every change appends an
/// event to the session's record.
public struct Sessions: Sendable {
    let store: Store
    /// Where customer links point, e.g. `http://127.0.0.1:8080`.
    public var publicBaseURL: String
    /// Moves pre-planned interactions on once the customer is invited.
    let flow: FlowRule
    /// How long a session lasts from its invitation (a link nobody opens stops working too).
    public var lifetime: TimeInterval = 7 * 24 * 3600

    /// Creates the session service.
    public init(store: Store, publicBaseURL: String, flow: @escaping FlowRule) {
        self.store = store
        self.publicBaseURL = publicBaseURL
        self.flow = flow
    }

    /// Creates a session for `agent`; with `invite`, the invitation is queued at once,
    /// otherwise the session stays a draft until `invite`. It lasts `lifetime` seconds from
    /// its invitation (default: the service's) and reminds the customer by `reminders`
    /// (default: the admin's setting; a plan of `max` 0 reminds never).
    public func create(
        agent: UserRecord, customer: CustomerContact, invite: Bool, lifetime: Int? = nil, reminders: ReminderPlan? = nil,
        by actor: Actor, now: Date = Date()
    ) async throws -> SessionRecord {
        let problems = customer.problems
        guard problems.isEmpty else { throw FieldProblems(stage: "session", problems: problems) }
        let draft = SessionRecord(
            id: UUID().uuidString.lowercased(), agentId: agent.id, customerName: customer.name.trimmingCharacters(in: .whitespaces),
            phone: customer.phone?.trimmingCharacters(in: .whitespaces), email: customer.email?.trimmingCharacters(in: .whitespaces),
            channel: customer.channel, state: .draft, delivery: .none, deliveryError: nil, lifetimeSeconds: lifetime ?? Int(self.lifetime),
            createdAt: now)
        return try await store.write { db in
            var session = draft
            if let plan = try reminders ?? Settings.defaultReminders(db), plan.max > 0 {
                session.reminderFirst = plan.first
                session.reminderEvery = plan.every
                session.reminderMax = plan.max
            }
            try session.insert(db)
            try EventLog.append(db, session: session.id, kind: "created", actor: actor, now: now)
            try Self.remember(db, agentId: agent.id, customer: customer, now: now)
            return invite ? try queueInvitation(db, session, by: actor, now: now) : session
        }
    }

    /// Sends the invitation of a draft session.
    public func invite(_ id: String, by actor: Actor, now: Date = Date()) async throws -> SessionRecord {
        try await store.write { db in
            let session = try Self.fetch(db, id)
            guard session.state == .draft else {
                throw SignetError(.conflict, "the session is \(session.state.rawValue), not a draft; use re-engage to send again")
            }
            return try queueInvitation(db, session, by: actor, now: now)
        }
    }

    /// Corrects the contact or switches channel and sends a new invitation, while the customer
    /// has not connected (also once that unopened invitation expired); everything already in
    /// the session stays. The old link stops working; the new one has a lifetime of its own.
    public func reengage(_ id: String, phone: String?, email: String?, channel: SessionRecord.Channel?, by actor: Actor, now: Date = Date())
        async throws -> SessionRecord
    {
        try await store.write { db in
            var session = try Self.fetch(db, id)
            guard session.firstVisitAt == nil, [.draft, .invited, .expired].contains(session.state) else {
                throw SignetError(
                    .conflict, "the customer has already connected (or the session is \(session.state.rawValue)); nothing to re-engage")
            }
            if let phone { session.phone = phone.trimmingCharacters(in: .whitespaces) }
            if let email { session.email = email.trimmingCharacters(in: .whitespaces) }
            if let channel { session.channel = channel }
            let contact = CustomerContact(name: session.customerName, phone: session.phone, email: session.email, channel: session.channel)
            guard contact.problems.isEmpty else { throw FieldProblems(stage: "session", problems: contact.problems) }
            try session.update(db)
            try Self.remember(db, agentId: session.agentId, customer: contact, now: now)
            try EventLog.append(db, session: id, kind: "reengaged", actor: actor, detail: ["channel": session.channel.rawValue], now: now)
            return try queueInvitation(db, session, by: actor, now: now)
        }
    }

    /// Changes one session in a transaction: `body` edits it (and may throw to refuse), and
    /// `event` is recorded in its record.
    public func change(
        _ id: String, event: String, by actor: Actor, now: Date = Date(), _ body: @escaping @Sendable (inout SessionRecord) throws -> Void
    ) async throws -> SessionRecord {
        try await store.write { db in
            var session = try Self.fetch(db, id)
            try body(&session)
            try session.update(db)
            try EventLog.append(db, session: id, kind: event, actor: actor, now: now)
            return session
        }
    }

    /// The session `id` as it stands at `now`: past its expiry it reads as expired. Reading
    /// never writes (streams and pages read many times a second); the expiry is recorded by
    /// `recordExpiries` or by the next change to the session.
    public func session(id: String, now: Date = Date()) async throws -> SessionRecord? {
        try await store.read { db in try SessionRecord.fetchOne(db, key: id).map { Self.current($0, now: now) } }
    }

    /// Records every session whose lifetime has run out as expired, with its `expired` event,
    /// in one transaction; answers how many. Run periodically, so the record shows when a
    /// session ended even if nobody looked at it.
    @discardableResult
    public func recordExpiries(now: Date = Date()) async throws -> Int {
        let due = try await store.read { db in
            try SessionRecord.filter(
                [SessionRecord.State.invited.rawValue, SessionRecord.State.active.rawValue].contains(SessionRecord.Columns.state)
            )
            .filter(SessionRecord.Columns.expiresAt <= now).fetchCount(db)
        }
        guard due > 0 else { return 0 }
        return try await store.write { db in
            let sessions = try SessionRecord.filter(
                [SessionRecord.State.invited.rawValue, SessionRecord.State.active.rawValue].contains(SessionRecord.Columns.state)
            ).filter(SessionRecord.Columns.expiresAt <= now).fetchAll(db)
            for session in sessions { _ = try Self.expireIfDue(db, session, now: now) }
            return sessions.count
        }
    }

    /// Sessions visible to `user` (an agent's own, or all for an admin), newest first, filtered
    /// by a search over name, phone and email and by state.
    public func list(for user: UserRecord, search: String?, state: SessionRecord.State?, limit: Int, offset: Int) async throws -> (
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

    // MARK: - Internals

    private func queueInvitation(_ db: Database, _ session: SessionRecord, by actor: Actor, now: Date) throws -> SessionRecord {
        var session = session
        // A new link each time: the old one (perhaps sent to a wrong number) stops working.
        try CredentialRecord.filter(
            CredentialRecord.Columns.sessionId == session.id && CredentialRecord.Columns.kind == CredentialRecord.Kind.customerLink.rawValue
        )
        .deleteAll(db)
        let token = SecretToken.make()
        // The lifetime starts now, not at the first visit: a link that lies unopened in an inbox
        // (or was sent to a wrong number) must stop working too.
        let expiresAt = now.addingTimeInterval(TimeInterval(session.lifetimeSeconds))
        let link = try issueLink(db, session: session.id, token: token, expiresAt: expiresAt, now: now)
        let recipient = (session.channel == .sms ? session.phone : session.email) ?? ""
        var message = OutboxRecord(
            sessionId: session.id, channel: session.channel, recipient: recipient, subject: "Your documents are ready",
            body: "Hello \(session.customerName), please open this link to review and sign your documents: \(link)", link: link,
            status: .pending, attempts: 0, nextAttemptAt: now, lastError: nil, createdAt: now, sentAt: nil)
        try message.insert(db)
        session.state = .invited
        session.delivery = .queued
        session.deliveryError = nil
        session.invitedAt = now
        session.expiresAt = expiresAt
        // Each invitation starts the reminder plan afresh.
        session.remindersSent = 0
        session.nextReminderAt = session.reminders.map { now.addingTimeInterval(TimeInterval($0.first)) }
        try session.update(db)
        try EventLog.append(db, session: session.id, kind: "invited", actor: actor, detail: ["channel": session.channel.rawValue], now: now)
        // Whatever was pre-planned reaches the customer with the invitation, not before.
        try Flow.settle(db, session: session, rule: flow, by: actor, now: now)
        return session
    }

    /// Stores a customer link for `session` (only the hash of `token`) and answers its URL.
    func issueLink(_ db: Database, session: String, token: String, expiresAt: Date?, now: Date) throws -> String {
        try CredentialRecord(
            tokenHash: SecretToken.hash(token), kind: .customerLink, userId: nil, sessionId: session, label: nil, csrfToken: nil,
            createdAt: now, expiresAt: expiresAt, usedAt: nil
        ).insert(db)
        return "\(publicBaseURL)/s/\(token)"
    }

    static func fetch(_ db: Database, _ id: String) throws -> SessionRecord {
        guard let session = try SessionRecord.fetchOne(db, key: id) else {
            throw SignetError(.invalidInput, "there is no session \(id)", field: "id")
        }
        return session
    }

    /// `session` as it stands at `now`, without recording anything: an invited or active
    /// session past its expiry is expired.
    public static func current(_ session: SessionRecord, now: Date) -> SessionRecord {
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

    private static func remember(_ db: Database, agentId: String, customer: CustomerContact, now: Date) throws {
        try Contacts.remember(db, agentId: agentId, name: customer.name, phone: customer.phone, email: customer.email, now: now)
    }
}
