import Foundation
import GRDB

/// The customer's way in: the link's token, exchanged on first visit for a cookie that opens
/// only their own session. Both are stored only as hashes.
package struct CustomerAccess: Sendable {
    let store: Store

    /// How long after completion the customer may still come back for their downloads.
    package var downloadWindow: TimeInterval = 30 * 24 * 3600

    /// Creates the service.
    package init(store: Store) { self.store = store }

    /// When the downloads of a completed session end.
    package func downloadsEnd(_ session: SessionRecord) -> Date? {
        guard session.state == .completed else { return nil }
        return (session.completedAt ?? session.createdAt).addingTimeInterval(downloadWindow)
    }

    /// Whether `session` opens for its customer at `now`: while it runs, or once completed,
    /// read-only for their downloads until `downloadsEnd`.
    func admits(_ session: SessionRecord, now: Date) -> Bool {
        if session.state == .invited || session.state == .active { return true }
        guard let end = downloadsEnd(session) else { return false }
        return now < end
    }

    /// Why a link or cookie does not open a session.
    package enum Refusal: Error, Equatable {
        /// No such token (never issued, or replaced by a newer invitation).
        case unknown
        /// The session is completed, cancelled or expired (HTTP 410).
        case gone(SessionRecord.State)
    }

    /// Exchanges a link token for a customer cookie. The first visit makes the session
    /// active; its lifetime runs from the invitation, so an old unopened link opens nothing.
    package func open(linkToken: String, by actor: Actor, now: Date = Date()) async throws -> Result<
        (SessionRecord, cookie: String, csrf: String), Refusal
    > {
        try await store.write { db in
            guard let link = try CredentialRecord.fetchOne(db, key: SecretToken.hash(linkToken)), link.kind == .customerLink,
                let sessionId = link.sessionId, let found = try SessionRecord.fetchOne(db, key: sessionId)
            else { return .failure(.unknown) }
            var session = try Sessions.expireIfDue(db, found, now: now)
            guard admits(session, now: now) else { return .failure(.gone(session.state)) }
            if session.firstVisitAt == nil && session.state == .invited {
                session.firstVisitAt = now
                session.state = .active
            }
            session.lastSeenAt = now
            try session.update(db)
            let cookie = SecretToken.make()
            let csrf = SecretToken.make()
            try CredentialRecord(
                tokenHash: SecretToken.hash(cookie), kind: .customer, userId: nil, sessionId: session.id, label: nil, csrfToken: csrf,
                createdAt: now, expiresAt: downloadsEnd(session) ?? session.expiresAt, usedAt: nil
            ).insert(db)
            try EventLog.append(db, session: session.id, kind: "opened", actor: actor, now: now)
            try CustomerCodes.issueOnVisit(db, session, by: actor, now: now)
            return .success((session, cookie, csrf))
        }
    }

    /// The session a customer cookie opens, if it still may be used, with the cookie's CSRF
    /// token. Only reads: every customer request comes through here, so the visit is noted
    /// by `recordSeen`, coalesced, off the request's path.
    package func session(cookie: String, now: Date = Date()) async throws -> Result<(SessionRecord, csrf: String?), Refusal> {
        try await store.read { db in
            guard let credential = try CredentialRecord.fetchOne(db, where: "tokenHash", is: SecretToken.hash(cookie)),
                credential.kind == .customer, let id = credential.sessionId, let found = try SessionRecord.fetchOne(db, where: "id", is: id)
            else { return .failure(.unknown) }
            let session = Sessions.current(found, now: now)
            guard session.state == .active || (session.state == .completed && admits(session, now: now)) else {
                return .failure(.gone(session.state))
            }
            return .success((session, credential.csrfToken))
        }
    }

    /// The agent behind the session a link or cookie token belongs to (name, email), so a
    /// customer holding a closed link learns whom to ask for a new one.
    package func agent(ofToken token: String) async throws -> (name: String, email: String)? {
        try await store.read { db in
            guard let credential = try CredentialRecord.fetchOne(db, key: SecretToken.hash(token)),
                credential.kind == .customerLink || credential.kind == .customer, let id = credential.sessionId,
                let session = try SessionRecord.fetchOne(db, key: id), let agent = try UserRecord.fetchOne(db, key: session.agentId)
            else { return nil }
            return (agent.name, agent.email)
        }
    }

    /// Records when customers were last seen (session id → time), all in one transaction;
    /// an earlier time never overwrites a later one. Customers' cached reads stay: they never
    /// show the last-seen time, and a crowd's cache emptied every flush would cost a burst of
    /// reads each time.
    package func recordSeen(_ seen: [String: Date]) async throws {
        guard !seen.isEmpty else { return }
        try await store.write(keepingReads: true) { db in
            for (id, at) in seen {
                try SessionRecord.filter(SessionRecord.Columns.id == id).filter(
                    SessionRecord.Columns.lastSeenAt == nil || SessionRecord.Columns.lastSeenAt < at
                )
                .updateAll(db, SessionRecord.Columns.lastSeenAt.set(to: at))
            }
        }
    }
}
