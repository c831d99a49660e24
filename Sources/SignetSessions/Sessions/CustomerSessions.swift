import Foundation
import SignetModel
import SignetStore

/// Customer sessions: start or pre-plan, invite, re-engage, change (`SessionTransitions`'
/// renew and cancel) and record expiries. Each is one session-aggregate transaction
/// (`StoreBackend.withSession`) that checks the state, changes it and records its event;
/// starting, inviting and re-engaging also write the customer's link, the invitation and the
/// address book in that same transaction.
package struct CustomerSessions: Sendable {
    let backend: any StoreBackend
    /// Where customer links point, e.g. `http://127.0.0.1:8080`.
    package var publicBaseURL: String
    /// How long a session lasts from its invitation (a link nobody opens stops working too).
    package var lifetime: TimeInterval = 7 * 24 * 3600

    /// Creates the session use cases over `backend`.
    package init(backend: any StoreBackend, publicBaseURL: String) {
        self.backend = backend
        self.publicBaseURL = publicBaseURL
    }

    /// Creates a session for `agent`; with `invite`, the invitation is queued at once,
    /// otherwise the session stays a draft until `invite`.
    /// With `verification`, the customer must enter a one-time code before seeing anything
    /// (`CustomerCodes`). It lasts `lifetime` seconds from its invitation (default: the
    /// service's) and reminds the customer by `reminders` (default: the admin's setting; a plan
    /// of `max` 0 reminds never).
    package func create(
        agent: UserRecord, customer: CustomerContact, invite: Bool, verification: SessionRecord.Verification? = nil,
        lifetime: Int? = nil, reminders: ReminderPlan? = nil, by actor: Actor, now: Date = Date()
    ) async throws -> SessionRecord {
        let problems = customer.problems
        guard problems.isEmpty else { throw FieldProblems(stage: "session", problems: problems) }
        let session = SessionRecord(
            id: UUID().uuidString.lowercased(), agentId: agent.id, customerName: customer.name.trimmingCharacters(in: .whitespaces),
            phone: customer.phone?.trimmingCharacters(in: .whitespaces), email: customer.email?.trimmingCharacters(in: .whitespaces),
            channel: customer.channel, state: .draft, delivery: .none, deliveryError: nil, lifetimeSeconds: lifetime ?? Int(self.lifetime),
            createdAt: now, verification: verification)
        let base = publicBaseURL
        return try await backend.insertSession(session) { change in
            // The admin's default, read in this transaction, when the caller gave no plan.
            if let plan = reminders ?? change.defaultReminders, plan.max > 0 {
                change.session.reminderFirst = plan.first
                change.session.reminderEvery = plan.every
                change.session.reminderMax = plan.max
            }
            change.record("created", by: actor, detail: verification.map { ["verification": $0.rawValue] } ?? [:], now: now)
            change.remember(agentId: agent.id, name: customer.name, phone: customer.phone, email: customer.email, now: now)
            if invite { change.invite(linkBase: base, by: actor, now: now) }
            return change.session
        }.value
    }

    /// Sends the invitation of a draft session.
    package func invite(_ id: String, by actor: Actor, now: Date = Date()) async throws -> SessionRecord {
        let base = publicBaseURL
        return try await backend.withSession(id) { change in
            guard change.session.state == .draft else {
                throw SignetError(.conflict, "the session is \(change.session.state.rawValue), not a draft; use re-engage to send again")
            }
            change.invite(linkBase: base, by: actor, now: now)
            return change.session
        }.value
    }

    /// Corrects the contact or switches channel and sends a new invitation, while the customer
    /// has not connected (also once that unopened invitation expired); everything already in
    /// the session stays. The old link stops working; the new one has a lifetime of its own.
    package func reengage(
        _ id: String, phone: String?, email: String?, channel: SessionRecord.Channel?, by actor: Actor, now: Date = Date()
    )
        async throws -> SessionRecord
    {
        let base = publicBaseURL
        return try await backend.withSession(id) { change in
            var session = change.session
            guard session.firstVisitAt == nil, [.draft, .invited, .expired].contains(session.state) else {
                throw SignetError(
                    .conflict, "the customer has already connected (or the session is \(session.state.rawValue)); nothing to re-engage")
            }
            if let phone { session.phone = phone.trimmingCharacters(in: .whitespaces) }
            if let email { session.email = email.trimmingCharacters(in: .whitespaces) }
            if let channel { session.channel = channel }
            let contact = CustomerContact(name: session.customerName, phone: session.phone, email: session.email, channel: session.channel)
            guard contact.problems.isEmpty else { throw FieldProblems(stage: "session", problems: contact.problems) }
            change.session = session
            change.remember(agentId: session.agentId, name: contact.name, phone: contact.phone, email: contact.email, now: now)
            change.record("reengaged", by: actor, detail: ["channel": session.channel.rawValue], now: now)
            change.invite(linkBase: base, by: actor, now: now)
            return change.session
        }.value
    }

    /// Changes one session in a transaction: `body` edits it (and may throw to refuse), and
    /// `event` is recorded in its record.
    package func change(
        _ id: String, event: String, by actor: Actor, now: Date = Date(), _ body: @escaping @Sendable (inout SessionRecord) throws -> Void
    ) async throws -> SessionRecord {
        try await backend.withSession(id) { change in
            try body(&change.session)
            change.record(event, by: actor, now: now)
            return change.session
        }.value
    }

    /// Records every session whose lifetime has run out as expired, with its `expired` event;
    /// answers how many. Run periodically, so the record shows when a session ended even if
    /// nobody looked at it. Each session is checked again as it is held: one renewed meanwhile
    /// stays as it is.
    @discardableResult
    package func recordExpiries(now: Date = Date()) async throws -> Int {
        var count = 0
        for id in try await backend.expiredSessions(now: now) {
            let expired = try await backend.withSession(id) { change in change.expireIfDue(now: now) }.value
            if expired { count += 1 }
        }
        return count
    }

    /// The session `id` as it stands at `now` (past its expiry it reads as expired), or nil.
    /// Reading never writes: streams and pages read many times a second.
    package func session(id: String, now: Date = Date()) async throws -> SessionRecord? {
        try await backend.session(id: id, now: now)
    }

    /// Sessions visible to `user` (an agent's own, or all for an admin), newest first, filtered
    /// by a search over name, phone and email and by state.
    package func list(for user: UserRecord, search: String?, state: SessionRecord.State?, limit: Int, offset: Int) async throws -> (
        [SessionRecord], total: Int
    ) {
        try await backend.sessions(for: user, search: search, state: state, limit: limit, offset: offset)
    }
}

extension SessionChange {
    /// Queues the invitation: a new customer link (the old one, perhaps sent to a wrong number,
    /// stops working), the message carrying it, the session invited for its lifetime from now,
    /// and whatever was pre-planned released with it.
    mutating func invite(linkBase: String, by actor: Actor, now: Date) {
        revokeCustomerLinks()
        let token = SecretToken.make()
        // The lifetime starts now, not at the first visit: a link that lies unopened in an inbox
        // (or was sent to a wrong number) must stop working too.
        let expiresAt = now.addingTimeInterval(TimeInterval(session.lifetimeSeconds))
        issue(
            CredentialRecord(
                tokenHash: SecretToken.hash(token), kind: .customerLink, userId: nil, sessionId: session.id, label: nil, csrfToken: nil,
                createdAt: now, expiresAt: expiresAt, usedAt: nil))
        let link = "\(linkBase)/s/\(token)"
        let recipient = (session.channel == .sms ? session.phone : session.email) ?? ""
        queue(
            OutboxRecord(
                sessionId: session.id, channel: session.channel, recipient: recipient, subject: "Your documents are ready",
                body: "Hello \(session.customerName), please open this link to review and sign your documents: \(link)", link: link,
                status: .pending, attempts: 0, nextAttemptAt: now, lastError: nil, createdAt: now, sentAt: nil))
        session.state = .invited
        session.delivery = .queued
        session.deliveryError = nil
        session.invitedAt = now
        session.expiresAt = expiresAt
        // Each invitation starts the reminder plan afresh.
        session.remindersSent = 0
        session.nextReminderAt = session.reminders.map { now.addingTimeInterval(TimeInterval($0.first)) }
        record("invited", by: actor, detail: ["channel": session.channel.rawValue], now: now)
        // Whatever was pre-planned reaches the customer with the invitation, not before.
        settle(by: actor, now: now)
    }

    /// Records the expiry of the session if it is due (state and `expired` event); answers
    /// whether it expired now.
    mutating func expireIfDue(now: Date) -> Bool {
        let current = Sessions.current(session, now: now)
        guard current.state != session.state else { return false }
        session = current
        record("expired", by: .system, now: now)
        return true
    }
}
