import Crypto
import Foundation
import SignetModel

/// The customer's way in on PostgreSQL (`CustomerAccess`' rules): opening a link holds the
/// session row, so the first visit is recorded once whichever instance serves it.
struct PostgresCustomerAccess: CustomerAccessRepository {
    let store: PostgresStore
    var downloadWindow: TimeInterval = 30 * 24 * 3600

    func downloadsEnd(_ session: SessionRecord) -> Date? {
        guard session.state == .completed else { return nil }
        return (session.completedAt ?? session.createdAt).addingTimeInterval(downloadWindow)
    }

    private func admits(_ session: SessionRecord, now: Date) -> Bool {
        if session.state == .invited || session.state == .active { return true }
        guard let end = downloadsEnd(session) else { return false }
        return now < end
    }

    func open(linkToken: String, by actor: Actor, now: Date) async throws -> Result<
        (SessionRecord, cookie: String, csrf: String), CustomerAccess.Refusal
    > {
        try await store.write { sql in
            guard
                let link = try await sql.fetchOne(
                    CredentialRecord.self, #"SELECT * FROM "credential" WHERE "tokenHash" = $1"#, [.text(SecretToken.hash(linkToken))]),
                link.kind == .customerLink, let sessionId = link.sessionId,
                let found = try await sql.fetchOne(
                    SessionRecord.self, #"SELECT * FROM "session" WHERE "id" = $1 FOR UPDATE"#, [.text(sessionId)])
            else { return .failure(.unknown) }
            var session = Sessions.current(found, now: now)
            if session.state != found.state {
                try await sql.update(session, in: "session")
                try await PostgresEvents.append(sql, session: session.id, kind: "expired", actor: .system, detail: [:], now: now)
            }
            guard admits(session, now: now) else { return .failure(.gone(session.state)) }
            if session.firstVisitAt == nil && session.state == .invited {
                session.firstVisitAt = now
                session.state = .active
            }
            session.lastSeenAt = now
            try await sql.update(session, in: "session")
            let cookie = SecretToken.make()
            let csrf = SecretToken.make()
            try await sql.insert(
                CredentialRecord(
                    tokenHash: SecretToken.hash(cookie), kind: .customer, userId: nil, sessionId: session.id, label: nil, csrfToken: csrf,
                    createdAt: now, expiresAt: downloadsEnd(session) ?? session.expiresAt, usedAt: nil), into: "credential")
            try await PostgresEvents.append(sql, session: session.id, kind: "opened", actor: actor, detail: [:], now: now)
            try await PostgresCustomerCodes.issueOnVisit(sql, session, by: actor, now: now)
            return .success((session, cookie, csrf))
        }
    }

    func session(cookie: String, now: Date) async throws -> Result<(SessionRecord, csrf: String?), CustomerAccess.Refusal> {
        try await store.read { sql in
            guard
                let credential = try await sql.fetchOne(
                    CredentialRecord.self, #"SELECT * FROM "credential" WHERE "tokenHash" = $1"#, [.text(SecretToken.hash(cookie))]),
                credential.kind == .customer, let id = credential.sessionId,
                let found = try await sql.fetchOne(SessionRecord.self, #"SELECT * FROM "session" WHERE "id" = $1"#, [.text(id)])
            else { return .failure(.unknown) }
            let session = Sessions.current(found, now: now)
            guard session.state == .active || (session.state == .completed && admits(session, now: now)) else {
                return .failure(.gone(session.state))
            }
            return .success((session, credential.csrfToken))
        }
    }

    func agent(ofToken token: String) async throws -> (name: String, email: String)? {
        try await store.read { sql in
            guard
                let credential = try await sql.fetchOne(
                    CredentialRecord.self, #"SELECT * FROM "credential" WHERE "tokenHash" = $1"#, [.text(SecretToken.hash(token))]),
                credential.kind == .customerLink || credential.kind == .customer, let id = credential.sessionId,
                let agent = try await sql.fetchOne(
                    UserRecord.self,
                    #"SELECT "user".* FROM "user" JOIN "session" ON "session"."agentId" = "user"."id" WHERE "session"."id" = $1"#,
                    [.text(id)])
            else { return nil }
            return (agent.name, agent.email)
        }
    }

    func recordSeen(_ seen: [String: Date]) async throws {
        guard !seen.isEmpty else { return }
        try await store.write(keepingReads: true) { sql in
            for (id, at) in seen.sorted(by: { $0.key < $1.key }) {
                try await sql.execute(
                    #"UPDATE "session" SET "lastSeenAt" = $1 WHERE "id" = $2 AND ("lastSeenAt" IS NULL OR "lastSeenAt" < $1)"#,
                    [.date(at), .text(id)])
            }
        }
    }
}

/// One-time codes on PostgreSQL (`CustomerCodes`' rules and limits); each check holds the
/// session row, so two instances cannot both count one wrong try or both send a code.
struct PostgresCustomerCodes: CustomerCodeRepository {
    let store: PostgresStore

    func isVerified(cookie: String) async throws -> Bool {
        try await store.read { sql in
            try await sql.value(
                Int.self, #"SELECT count(*) FROM "verifiedCustomer" WHERE "tokenHash" = $1"#, [.text(SecretToken.hash(cookie))]) ?? 0 > 0
        }
    }

    func status(cookie: String, session: String, now: Date) async throws -> CustomerCodes.Status {
        try await store.read(snapshot: true) { sql in
            let verified =
                try await sql.value(
                    Int.self, #"SELECT count(*) FROM "verifiedCustomer" WHERE "tokenHash" = $1"#, [.text(SecretToken.hash(cookie))]) ?? 0
                > 0
            let live = try await Self.live(sql, session: session, now: now)
            let resends = try await Self.recentResends(sql, session: session, now: now).count
            return CustomerCodes.Status(
                verified: verified, expiresAt: live?.expiresAt, triesLeft: live.map { CustomerCodes.maxFailures - $0.failures } ?? 0,
                resendsLeft: max(CustomerCodes.resendLimit - resends, 0))
        }
    }

    func verify(cookie: String, session: String, code: String, by actor: Actor, now: Date) async throws -> CustomerCodes.Outcome {
        try await store.write { sql in
            try await sql.execute(#"SELECT 1 FROM "session" WHERE "id" = $1 FOR UPDATE"#, [.text(session)])
            let tokenHash = SecretToken.hash(cookie)
            if try await sql.value(Int.self, #"SELECT count(*) FROM "verifiedCustomer" WHERE "tokenHash" = $1"#, [.text(tokenHash)]) ?? 0
                > 0
            {
                return .verified
            }
            guard
                var current = try await sql.fetchOne(
                    CustomerCodeRecord.self,
                    #"SELECT * FROM "customerCode" WHERE "sessionId" = $1 AND "closedAt" IS NULL ORDER BY "id" DESC LIMIT 1"#,
                    [.text(session)])
            else { return .noCode }
            if current.expiresAt <= now {
                current.closedAt = now
                try await sql.update(current, in: "customerCode")
                try await PostgresEvents.append(
                    sql, session: session, kind: "codeFailed", actor: actor, detail: ["reason": "expired"], now: now)
                return .expired
            }
            if CustomerCodes.matches(code, current) {
                current.closedAt = now
                try await sql.update(current, in: "customerCode")
                try await sql.insert(
                    VerifiedCustomerRecord(tokenHash: tokenHash, sessionId: session, verifiedAt: now), into: "verifiedCustomer")
                try await PostgresEvents.append(sql, session: session, kind: "codeVerified", actor: actor, detail: [:], now: now)
                return .verified
            }
            current.failures += 1
            let left = CustomerCodes.maxFailures - current.failures
            if left <= 0 { current.closedAt = now }
            try await sql.update(current, in: "customerCode")
            try await PostgresEvents.append(
                sql, session: session, kind: "codeFailed", actor: actor,
                detail: left <= 0 ? ["reason": "voided"] : ["reason": "wrong", "triesLeft": String(left)], now: now)
            return left <= 0 ? .voided : .wrong(triesLeft: left)
        }
    }

    func resend(_ session: SessionRecord, by actor: Actor, now: Date) async throws -> Result<Date, CustomerCodes.TooSoon> {
        try await store.write { sql in
            try await sql.execute(#"SELECT 1 FROM "session" WHERE "id" = $1 FOR UPDATE"#, [.text(session.id)])
            let recent = try await Self.recentResends(sql, session: session.id, now: now)
            if recent.count >= CustomerCodes.resendLimit, let oldest = recent.first {
                let wait = oldest.createdAt.addingTimeInterval(CustomerCodes.resendWindow).timeIntervalSince(now)
                return .failure(CustomerCodes.TooSoon(seconds: max(Int(wait.rounded(.up)), 1)))
            }
            return .success(try await Self.issue(sql, session, resend: true, by: actor, now: now).expiresAt)
        }
    }

    /// Sends a code on a browser's first visit if the session asks for one and none is in force.
    static func issueOnVisit(_ sql: SQLConnection, _ session: SessionRecord, by actor: Actor, now: Date) async throws {
        guard session.verification == .code, try await live(sql, session: session.id, now: now) == nil else { return }
        try await issue(sql, session, resend: false, by: actor, now: now)
    }

    @discardableResult
    static func issue(_ sql: SQLConnection, _ session: SessionRecord, resend: Bool, by actor: Actor, now: Date) async throws
        -> CustomerCodeRecord
    {
        try await sql.execute(
            #"UPDATE "customerCode" SET "closedAt" = $1 WHERE "sessionId" = $2 AND "closedAt" IS NULL"#, [.date(now), .text(session.id)])
        let (code, key, mac) = CustomerCodes.make()
        var record = CustomerCodeRecord(
            sessionId: session.id, salt: key, mac: mac, resend: resend, createdAt: now,
            expiresAt: now.addingTimeInterval(CustomerCodes.lifetime),
            failures: 0, closedAt: nil)
        record.id = try await sql.insert(record, into: "customerCode")
        try await sql.insert(CustomerCodes.message(session, code: code, now: now), into: "outbox")
        var detail = ["channel": session.channel.rawValue]
        if resend { detail["resend"] = "true" }
        try await PostgresEvents.append(sql, session: session.id, kind: "codeSent", actor: actor, detail: detail, now: now)
        return record
    }

    static func live(_ sql: SQLConnection, session: String, now: Date) async throws -> CustomerCodeRecord? {
        try await sql.fetchOne(
            CustomerCodeRecord.self,
            #"""
            SELECT * FROM "customerCode" WHERE "sessionId" = $1 AND "closedAt" IS NULL AND "expiresAt" > $2 ORDER BY "id" DESC LIMIT 1
            """#, [.text(session), .date(now)])
    }

    static func recentResends(_ sql: SQLConnection, session: String, now: Date) async throws -> [CustomerCodeRecord] {
        try await sql.fetchAll(
            CustomerCodeRecord.self,
            #"""
            SELECT * FROM "customerCode" WHERE "sessionId" = $1 AND "resend" AND "createdAt" > $2 ORDER BY "createdAt", "id"
            """#, [.text(session), .date(now.addingTimeInterval(-CustomerCodes.resendWindow))])
    }
}
