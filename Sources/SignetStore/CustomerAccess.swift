import Foundation
import GRDB

/// The customer's way in: the link's token, exchanged on first visit for a cookie that opens
/// only their own session. Both are stored only as hashes.
public struct CustomerAccess: Sendable {
    let store: Store

    /// Creates the service.
    public init(store: Store) { self.store = store }

    /// Why a link or cookie does not open a session.
    public enum Refusal: Error, Equatable {
        /// No such token (never issued, or replaced by a newer invitation).
        case unknown
        /// The session is completed, cancelled or expired (HTTP 410).
        case gone(SessionRecord.State)
    }

    /// Exchanges a link token for a customer cookie. The first visit starts the session's
    /// lifetime and makes it active.
    public func open(linkToken: String, by actor: Actor, now: Date = Date()) throws -> Result<
        (SessionRecord, cookie: String, csrf: String), Refusal
    > {
        try store.writer.write { db in
            guard let link = try CredentialRecord.fetchOne(db, key: SecretToken.hash(linkToken)), link.kind == .customerLink,
                let sessionId = link.sessionId, let found = try SessionRecord.fetchOne(db, key: sessionId)
            else { return .failure(.unknown) }
            var session = try Sessions.expireIfDue(db, found, now: now)
            guard session.state == .invited || session.state == .active else { return .failure(.gone(session.state)) }
            if session.firstVisitAt == nil {
                session.firstVisitAt = now
                session.expiresAt = now.addingTimeInterval(TimeInterval(session.lifetimeSeconds))
                session.state = .active
            }
            session.lastSeenAt = now
            try session.update(db)
            let cookie = SecretToken.make()
            let csrf = SecretToken.make()
            try CredentialRecord(
                tokenHash: SecretToken.hash(cookie), kind: .customer, userId: nil, sessionId: session.id, label: nil, csrfToken: csrf,
                createdAt: now, expiresAt: session.expiresAt, usedAt: nil
            ).insert(db)
            try EventLog.append(db, session: session.id, kind: "opened", actor: actor, now: now)
            return .success((session, cookie, csrf))
        }
    }

    /// The session a customer cookie opens, if it still may be used, with the cookie's CSRF token.
    public func session(cookie: String, now: Date = Date()) throws -> Result<(SessionRecord, csrf: String?), Refusal> {
        try store.writer.write { db in
            guard let credential = try CredentialRecord.fetchOne(db, key: SecretToken.hash(cookie)), credential.kind == .customer,
                let id = credential.sessionId, let found = try SessionRecord.fetchOne(db, key: id)
            else { return .failure(.unknown) }
            var session = try Sessions.expireIfDue(db, found, now: now)
            guard session.state == .active else { return .failure(.gone(session.state)) }
            session.lastSeenAt = now
            try session.update(db)
            return .success((session, credential.csrfToken))
        }
    }
}
