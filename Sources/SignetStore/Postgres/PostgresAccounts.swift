import Foundation
import HummingbirdBcrypt
import SignetModel

/// Accounts, logins, API tokens and password resets on PostgreSQL: `Accounts`' rules (checked
/// emails and passwords, bcrypt at the service's cost, a decoy hash for unknown emails), the
/// SQL PostgreSQL's. A second account with a taken email is refused by the unique index, as on
/// SQLite, so two instances cannot both create it.
struct PostgresAccounts: AccountRepository {
    let store: PostgresStore
    let cost: UInt8
    let decoyHash: String
    var webLifetime: TimeInterval = 12 * 3600
    var resetLifetime: TimeInterval = 3600

    init(store: PostgresStore, bcryptCost: UInt8) {
        self.store = store
        cost = bcryptCost
        decoyHash = Bcrypt.hash(SecretToken.make(), cost: bcryptCost)
    }

    func create(email: String, name: String, role: UserRecord.Role, password: String, now: Date) async throws -> UserRecord {
        let user = try await Accounts.checkedNew(
            email: email, name: name, role: role, password: password, cost: cost, createdAt: SQLValue.milliseconds(now))
        do {
            try await store.write { sql in try await sql.insert(user, into: "user") }
        } catch is StoreDuplicate {
            throw SignetError(.invalidInput, "an account with this email already exists", field: "email")
        }
        return user
    }

    private func user(email: String) async throws -> UserRecord? {
        try await store.read { sql in
            try await sql.fetchOne(UserRecord.self, #"SELECT * FROM "user" WHERE "email" = $1"#, [.text(Accounts.normalisedEmail(email))])
        }
    }

    func verify(email: String, password: String) async throws -> UserRecord? {
        let user = try await user(email: email)
        let matches = await PasswordHashing.verify(password, hash: user?.passwordHash ?? decoyHash)
        guard matches, let user, user.disabledAt == nil else { return nil }
        return user
    }

    func startWebSession(for user: UserRecord, now: Date) async throws -> (token: String, csrf: String) {
        let token = SecretToken.make()
        let csrf = SecretToken.make()
        _ = try await insert(
            token: token, kind: .web, userId: user.id, csrf: csrf, expiresAt: now.addingTimeInterval(webLifetime), now: now)
        return (token, csrf)
    }

    func issueAPIToken(for user: UserRecord, label: String, days: Int, now: Date) async throws -> (
        token: String, credential: CredentialRecord
    ) {
        let label = try Accounts.checkedAPIToken(label: label, days: days)
        let token = SecretToken.make()
        let credential = try await insert(
            token: token, kind: .api, userId: user.id, label: label, expiresAt: now.addingTimeInterval(Double(days) * 86400), now: now)
        return (token, credential)
    }

    func authenticate(token: String, now: Date) async throws -> (UserRecord, CredentialRecord)? {
        let found = try await store.read { sql -> (UserRecord, CredentialRecord)? in
            guard
                let credential = try await sql.fetchOne(
                    CredentialRecord.self, #"SELECT * FROM "credential" WHERE "tokenHash" = $1"#, [.text(SecretToken.hash(token))]),
                credential.kind == .web || credential.kind == .api, let expiresAt = credential.expiresAt, expiresAt > now,
                let userId = credential.userId,
                let user = try await sql.fetchOne(UserRecord.self, #"SELECT * FROM "user" WHERE "id" = $1"#, [.text(userId)]),
                user.disabledAt == nil
            else { return nil }
            return (user, credential)
        }
        if let (_, credential) = found, credential.kind == .api, credential.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try await store.write { sql in
                try await sql.execute(
                    #"UPDATE "credential" SET "lastUsedAt" = $1 WHERE "tokenHash" = $2"#, [.date(now), .text(credential.tokenHash)])
            }
        }
        return found
    }

    func apiTokens(of user: UserRecord, now: Date) async throws -> [CredentialRecord] {
        try await store.read { sql in
            try await sql.fetchAll(
                CredentialRecord.self,
                #"""
                SELECT * FROM "credential" WHERE "userId" = $1 AND "kind" = 'api' AND "expiresAt" > $2
                ORDER BY "createdAt" DESC, "id" DESC
                """#, [.text(user.id), .date(now)])
        }
    }

    func revokeAPIToken(id: String, of user: UserRecord) async throws -> Bool {
        try await store.write { sql in
            try await !sql.execute(
                #"DELETE FROM "credential" WHERE "id" = $1 AND "userId" = $2 AND "kind" = 'api' RETURNING "tokenHash""#,
                [.text(id), .text(user.id)]
            ).isEmpty
        }
    }

    func setDisabled(_ disabled: Bool, userId: String, now: Date) async throws -> UserRecord? {
        try await store.write { sql in
            guard var user = try await sql.fetchOne(UserRecord.self, #"SELECT * FROM "user" WHERE "id" = $1 FOR UPDATE"#, [.text(userId)])
            else { return nil }
            if disabled {
                user.disabledAt = user.disabledAt ?? SQLValue.milliseconds(now)
                try await Self.endCredentials(sql, userId: userId)
            } else {
                user.disabledAt = nil
            }
            try await sql.update(user, in: "user")
            return user
        }
    }

    private static func endCredentials(_ sql: SQLConnection, userId: String) async throws {
        try await sql.execute(#"DELETE FROM "credential" WHERE "userId" = $1 AND "kind" IN ('web', 'api', 'reset')"#, [.text(userId)])
    }

    func revoke(token: String) async throws {
        try await store.write { sql in
            try await sql.execute(#"DELETE FROM "credential" WHERE "tokenHash" = $1"#, [.text(SecretToken.hash(token))])
        }
    }

    func startReset(email: String, now: Date) async throws -> (UserRecord, String)? {
        guard let user = try await user(email: email), user.disabledAt == nil else { return nil }
        let token = SecretToken.make()
        _ = try await insert(token: token, kind: .reset, userId: user.id, expiresAt: now.addingTimeInterval(resetLifetime), now: now)
        return (user, token)
    }

    func finishReset(token: String, password: String, now: Date) async throws {
        if let reason = Accounts.passwordProblem(password) { throw SignetError(.invalidInput, reason, field: "password") }
        let hash = await PasswordHashing.hash(password, cost: cost)
        try await store.write { sql in
            guard
                let credential = try await sql.fetchOne(
                    CredentialRecord.self, #"SELECT * FROM "credential" WHERE "tokenHash" = $1 FOR UPDATE"#,
                    [.text(SecretToken.hash(token))]),
                credential.kind == .reset, credential.usedAt == nil, credential.expiresAt.map({ $0 > now }) ?? false,
                let userId = credential.userId
            else { throw SignetError(.invalidInput, "this reset link is invalid, used or expired; ask for a new one", field: "token") }
            try await sql.execute(#"UPDATE "user" SET "passwordHash" = $1 WHERE "id" = $2"#, [.text(hash), .text(userId)])
            try await Self.endCredentials(sql, userId: userId)
        }
    }

    func list() async throws -> [UserRecord] {
        try await store.read { sql in try await sql.fetchAll(UserRecord.self, #"SELECT * FROM "user" ORDER BY "createdAt", "email""#) }
    }

    func user(id: String) async throws -> UserRecord? {
        try await store.read { sql in try await sql.fetchOne(UserRecord.self, #"SELECT * FROM "user" WHERE "id" = $1"#, [.text(id)]) }
    }

    func count() async throws -> Int {
        try await store.read { sql in try await sql.value(Int.self, #"SELECT count(*) FROM "user""#) ?? 0 }
    }

    private func insert(
        token: String, kind: CredentialRecord.Kind, userId: String, label: String? = nil, csrf: String? = nil, expiresAt: Date? = nil,
        now: Date
    ) async throws -> CredentialRecord {
        let record = CredentialRecord(
            tokenHash: SecretToken.hash(token), kind: kind, userId: userId, sessionId: nil, label: label, csrfToken: csrf,
            createdAt: SQLValue.milliseconds(now), expiresAt: expiresAt.map(SQLValue.milliseconds), usedAt: nil,
            id: UUID().uuidString.lowercased())
        try await store.write { sql in try await sql.insert(record, into: "credential") }
        return record
    }
}
