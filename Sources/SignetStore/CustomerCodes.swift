import Crypto
import Foundation
import GRDB

/// One-time codes for sessions that ask for them (`SessionRecord.verification == .code`): a
/// 6-digit code goes over the session's channel on a browser's first visit; until that browser
/// (its customer cookie) enters it, the customer sees nothing but the code screen.
///
/// Codes live 10 minutes; 5 wrong tries void one; the customer may ask for 3 new ones in any
/// 15 minutes. Together that allows at most 20 guesses per 15 minutes at a million codes. Only
/// an HMAC of each code under a random key is stored, and the check runs in constant time.
/// Every code sent, entered or refused is an event of the session's record.
package struct CustomerCodes: Sendable {
    let store: Store

    /// How long a code may be entered.
    package static let lifetime: TimeInterval = 10 * 60
    /// Wrong tries that void a code.
    package static let maxFailures = 5
    /// New codes a customer may ask for within `resendWindow`.
    package static let resendLimit = 3
    /// The window of the resend limit.
    package static let resendWindow: TimeInterval = 15 * 60

    /// Creates the service.
    package init(store: Store) { self.store = store }

    /// The result of entering a code.
    package enum Outcome: Sendable, Equatable {
        /// Right: this browser may now see the session.
        case verified
        /// Wrong, with the tries the code has left.
        case wrong(triesLeft: Int)
        /// Wrong for the last time: the code is void, a new one must be asked for.
        case voided
        /// The code's 10 minutes are over.
        case expired
        /// There is no code to enter (never sent, used, or voided).
        case noCode
    }

    /// Where a browser stands, for the code screen.
    package struct Status: Sendable, Equatable {
        package var verified: Bool
        /// When the code in force stops working; nil when there is none.
        package var expiresAt: Date?
        package var triesLeft: Int
        package var resendsLeft: Int
    }

    /// Whether the browser holding customer cookie `cookie` has entered a code.
    package func isVerified(cookie: String) async throws -> Bool {
        try await store.read { db in try VerifiedCustomerRecord.fetchOne(db, key: SecretToken.hash(cookie)) != nil }
    }

    /// The code screen's state for the browser holding `cookie` in `session`.
    package func status(cookie: String, session: String, now: Date) async throws -> Status {
        try await store.read { db in
            let verified = try VerifiedCustomerRecord.fetchOne(db, key: SecretToken.hash(cookie)) != nil
            let live = try Self.live(db, session: session, now: now)
            let resends = try Self.recentResends(db, session: session, now: now).count
            return Status(
                verified: verified, expiresAt: live?.expiresAt, triesLeft: live.map { Self.maxFailures - $0.failures } ?? 0,
                resendsLeft: max(Self.resendLimit - resends, 0))
        }
    }

    /// Checks `code` for the browser holding `cookie`; a right code marks that browser verified
    /// and is used up.
    package func verify(cookie: String, session: String, code: String, by actor: Actor, now: Date) async throws -> Outcome {
        try await store.write { db in
            let tokenHash = SecretToken.hash(cookie)
            if try VerifiedCustomerRecord.fetchOne(db, key: tokenHash) != nil { return .verified }
            guard
                var current = try CustomerCodeRecord.filter(
                    CustomerCodeRecord.Columns.sessionId == session && CustomerCodeRecord.Columns.closedAt == nil
                ).order(CustomerCodeRecord.Columns.id.desc).fetchOne(db)
            else { return .noCode }
            if current.expiresAt <= now {
                current.closedAt = now
                try current.update(db)
                try EventLog.append(db, session: session, kind: "codeFailed", actor: actor, detail: ["reason": "expired"], now: now)
                return .expired
            }
            if Self.matches(code, current) {
                current.closedAt = now
                try current.update(db)
                try VerifiedCustomerRecord(tokenHash: tokenHash, sessionId: session, verifiedAt: now).insert(db)
                try EventLog.append(db, session: session, kind: "codeVerified", actor: actor, now: now)
                return .verified
            }
            current.failures += 1
            let left = Self.maxFailures - current.failures
            if left <= 0 { current.closedAt = now }
            try current.update(db)
            try EventLog.append(
                db, session: session, kind: "codeFailed", actor: actor,
                detail: left <= 0 ? ["reason": "voided"] : ["reason": "wrong", "triesLeft": String(left)], now: now)
            return left <= 0 ? .voided : .wrong(triesLeft: left)
        }
    }

    /// Sends a new code at the customer's request (the one in force stops working), unless
    /// `resendLimit` codes were asked for within the window: then the seconds until the
    /// oldest of them leaves it.
    package func resend(_ session: SessionRecord, by actor: Actor, now: Date) async throws -> Result<Date, TooSoon> {
        try await store.write { db in
            let recent = try Self.recentResends(db, session: session.id, now: now)
            if recent.count >= Self.resendLimit, let oldest = recent.first {
                let wait = oldest.createdAt.addingTimeInterval(Self.resendWindow).timeIntervalSince(now)
                return .failure(TooSoon(seconds: max(Int(wait.rounded(.up)), 1)))
            }
            return .success(try Self.issue(db, session, resend: true, by: actor, now: now).expiresAt)
        }
    }

    /// Why a resend was refused: the seconds to wait.
    package struct TooSoon: Error, Sendable, Equatable {
        package var seconds: Int
    }

    // MARK: - Internals

    /// Sends a code on a browser's first visit if the session asks for one and none is in
    /// force (a second browser opening the link gets no second message; it may ask for one).
    static func issueOnVisit(_ db: Database, _ session: SessionRecord, by actor: Actor, now: Date) throws {
        guard session.verification == .code, try live(db, session: session.id, now: now) == nil else { return }
        try issue(db, session, resend: false, by: actor, now: now)
    }

    @discardableResult
    static func issue(_ db: Database, _ session: SessionRecord, resend: Bool, by actor: Actor, now: Date) throws -> CustomerCodeRecord {
        // One code in force at a time: a new one replaces whatever came before.
        try CustomerCodeRecord.filter(CustomerCodeRecord.Columns.sessionId == session.id && CustomerCodeRecord.Columns.closedAt == nil)
            .updateAll(db, CustomerCodeRecord.Columns.closedAt.set(to: now))
        let (code, salt, mac) = make()
        var record = CustomerCodeRecord(
            sessionId: session.id, salt: salt, mac: mac, resend: resend, createdAt: now, expiresAt: now.addingTimeInterval(lifetime),
            failures: 0, closedAt: nil)
        try record.insert(db)
        var message = Self.message(session, code: code, now: now)
        try message.insert(db)
        var detail = ["channel": session.channel.rawValue]
        if resend { detail["resend"] = "true" }
        try EventLog.append(db, session: session.id, kind: "codeSent", actor: actor, detail: detail, now: now)
        return record
    }

    /// A new random 6-digit code, with the base64 of its random HMAC key and of its HMAC.
    static func make() -> (code: String, salt: String, mac: String) {
        var generator = SystemRandomNumberGenerator()
        let digits = String(Int.random(in: 0..<1_000_000, using: &generator))
        let code = String(repeating: "0", count: 6 - digits.count) + digits
        let key = SymmetricKey(size: .bits256)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(code.utf8), using: key)
        return (code, key.withUnsafeBytes { Data($0) }.base64EncodedString(), Data(mac).base64EncodedString())
    }

    /// The message that carries `code` to the session's customer.
    static func message(_ session: SessionRecord, code: String, now: Date) -> OutboxRecord {
        OutboxRecord(
            sessionId: session.id, channel: session.channel, recipient: (session.channel == .sms ? session.phone : session.email) ?? "",
            subject: "Your code", body: "Your Signet code is \(code). It works for 10 minutes. Never share it with anyone.", link: "",
            nextAttemptAt: now, createdAt: now, code: code)
    }

    /// The session's code in force at `now`, if any.
    static func live(_ db: Database, session: String, now: Date) throws -> CustomerCodeRecord? {
        try CustomerCodeRecord.filter(
            CustomerCodeRecord.Columns.sessionId == session && CustomerCodeRecord.Columns.closedAt == nil
                && CustomerCodeRecord.Columns.expiresAt > now
        ).order(CustomerCodeRecord.Columns.id.desc).fetchOne(db)
    }

    /// The codes asked for within the resend window, oldest first.
    static func recentResends(_ db: Database, session: String, now: Date) throws -> [CustomerCodeRecord] {
        try CustomerCodeRecord.filter(
            CustomerCodeRecord.Columns.sessionId == session && CustomerCodeRecord.Columns.resend == true
                && CustomerCodeRecord.Columns.createdAt > now.addingTimeInterval(-resendWindow)
        ).order(CustomerCodeRecord.Columns.createdAt).fetchAll(db)
    }

    /// Whether `code` is the one `record` was made for; HMAC's own check, in constant time.
    static func matches(_ code: String, _ record: CustomerCodeRecord) -> Bool {
        guard let key = Data(base64Encoded: record.salt), let mac = Data(base64Encoded: record.mac) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(code.utf8), using: SymmetricKey(data: key))
    }
}
