import Foundation
import GRDB
import HummingbirdBcrypt
import SignetModel

/// Agents and admins: creation with a checked password, login, browser sessions, API tokens
/// (listed, revoked, expiring), disabling and password resets. Every secret is random and
/// stored only as its hash.
package struct Accounts: Sendable {
    let store: Store
    /// bcrypt cost; lower only in tests.
    let cost: UInt8
    /// A hash of no one's password at the service's own cost: checked for unknown emails, so
    /// they take as long as known ones and accounts cannot be found by timing.
    let decoyHash: String
    /// How long a browser login lasts.
    package var webLifetime: TimeInterval = 12 * 3600
    /// How long a password reset link works.
    package var resetLifetime: TimeInterval = 3600
    /// Days an API token lasts unless asked otherwise, and the most it may be asked to.
    package static let apiTokenDays = 90
    package static let maxAPITokenDays = 365

    /// Creates the account service.
    package init(store: Store, bcryptCost: UInt8 = 12) {
        self.store = store
        cost = bcryptCost
        decoyHash = Bcrypt.hash(SecretToken.make(), cost: bcryptCost)
    }

    /// The one spelling of an email address that accounts are stored, found and rate-limited
    /// under: without surrounding white space, in lower case. One function, so a login limit
    /// cannot be dodged by a spelling the lookup accepts.
    package static func normalisedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Passwords everyone tries first; refused even when long enough.
    static let commonPasswords: Set<String> = [
        "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwertyuiop", "qwerty123", "iloveyou",
        "11111111", "00000000", "abc12345", "letmein1", "welcome1", "admin123", "passw0rd", "sunshine", "football", "baseball",
        "princess", "trustno1", "changeme", "signet123",
    ]

    /// Why `password` is refused, or nil.
    package static func passwordProblem(_ password: String) -> String? {
        if password.count < 8 { return "the password must have at least 8 characters" }
        if password.count > 72 { return "the password must have at most 72 characters" }
        if commonPasswords.contains(password.lowercased()) { return "this password is too common; choose another" }
        return nil
    }

    /// Creates an account. Throws `invalidInput` naming `email` or `password`.
    package func create(email: String, name: String, role: UserRecord.Role, password: String, now: Date = Date()) async throws -> UserRecord
    {
        let user = try await Self.checkedNew(email: email, name: name, role: role, password: password, cost: cost, createdAt: now)
        do {
            try await store.write { db in try user.insert(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw SignetError(.invalidInput, "an account with this email already exists", field: "email")
        }
        return user
    }

    /// A new account as both backends store it: the email normalised and checked, the password
    /// checked and hashed at `cost`; the field named when either is refused.
    static func checkedNew(email: String, name: String, role: UserRecord.Role, password: String, cost: UInt8, createdAt: Date)
        async throws -> UserRecord
    {
        let email = normalisedEmail(email)
        if let reason = ValueCheck.problem(with: .text(email), for: FieldDefinition(id: "email", kind: .email)) {
            throw SignetError(.invalidInput, reason, field: "email")
        }
        if let reason = passwordProblem(password) { throw SignetError(.invalidInput, reason, field: "password") }
        return UserRecord(
            id: UUID().uuidString.lowercased(), email: email, name: name.isEmpty ? email : name, role: role,
            passwordHash: await PasswordHashing.hash(password, cost: cost), createdAt: createdAt)
    }

    /// The account with `email`, when the password is right and the account is not disabled.
    /// Always runs bcrypt once at the service's cost, so the answer takes as long for an
    /// unknown email as for a wrong password.
    package func verify(email: String, password: String) async throws -> UserRecord? {
        let user = try await store.read { db in try UserRecord.filter(UserRecord.Columns.email == Self.normalisedEmail(email)).fetchOne(db)
        }
        let matches = await PasswordHashing.verify(password, hash: user?.passwordHash ?? decoyHash)
        guard matches, let user, user.disabledAt == nil else { return nil }
        return user
    }

    /// A new browser login: the cookie token and its CSRF token.
    package func startWebSession(for user: UserRecord, now: Date = Date()) async throws -> (token: String, csrf: String) {
        let token = SecretToken.make()
        let csrf = SecretToken.make()
        _ = try await insert(
            token: token, kind: .web, userId: user.id, csrf: csrf, expiresAt: now.addingTimeInterval(webLifetime), now: now)
        return (token, csrf)
    }

    /// A new API token for pipelines, lasting `days` (1 to `maxAPITokenDays`) unless revoked,
    /// with a label of 1 to 100 characters. Throws `invalidInput` naming `label` or `expiresIn`.
    package func issueAPIToken(for user: UserRecord, label: String, days: Int = apiTokenDays, now: Date = Date()) async throws -> (
        token: String, credential: CredentialRecord
    ) {
        let label = try Self.checkedAPIToken(label: label, days: days)
        let token = SecretToken.make()
        let credential = try await insert(
            token: token, kind: .api, userId: user.id, label: label, expiresAt: now.addingTimeInterval(Double(days) * 86400), now: now)
        return (token, credential)
    }

    /// An API token's label, trimmed, once it and the lifetime in `days` are acceptable; throws
    /// `invalidInput` naming `label` or `expiresIn`. Every backend issues tokens by this rule.
    static func checkedAPIToken(label: String, days: Int) throws -> String {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(label.count) else { throw SignetError(.invalidInput, "use 1 to 100 characters", field: "label") }
        guard (1...maxAPITokenDays).contains(days) else {
            throw SignetError(.invalidInput, "a token lasts 1 to \(maxAPITokenDays) days", field: "expiresIn")
        }
        return label
    }

    /// The user and credential behind a web or API token still in force, of an account not
    /// disabled. Notes an API token's use, at most once a minute (one write, not one per request).
    package func authenticate(token: String, now: Date = Date()) async throws -> (UserRecord, CredentialRecord)? {
        let found = try await store.read { db -> (UserRecord, CredentialRecord)? in
            guard let credential = try CredentialRecord.fetchOne(db, where: "tokenHash", is: SecretToken.hash(token)),
                credential.kind == .web || credential.kind == .api, let expiresAt = credential.expiresAt, expiresAt > now,
                let userId = credential.userId, let user = try UserRecord.fetchOne(db, where: "id", is: userId), user.disabledAt == nil
            else { return nil }
            return (user, credential)
        }
        if let (_, credential) = found, credential.kind == .api, credential.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try await store.write { db in
                try db.execute(sql: "UPDATE credential SET lastUsedAt = ? WHERE tokenHash = ?", arguments: [now, credential.tokenHash])
            }
        }
        return found
    }

    /// The account's API tokens still in force, newest first (their records, never the secrets).
    package func apiTokens(of user: UserRecord, now: Date = Date()) async throws -> [CredentialRecord] {
        try await store.read { db in
            try CredentialRecord.filter(
                CredentialRecord.Columns.userId == user.id && CredentialRecord.Columns.kind == CredentialRecord.Kind.api.rawValue
                    && CredentialRecord.Columns.expiresAt > now
            ).order(CredentialRecord.Columns.createdAt.desc, Column.rowID.desc).fetchAll(db)
        }
    }

    /// Revokes the account's API token named `id`; false when the account has no such token.
    package func revokeAPIToken(id: String, of user: UserRecord) async throws -> Bool {
        try await store.write { db in
            try CredentialRecord.filter(
                CredentialRecord.Columns.id == id && CredentialRecord.Columns.userId == user.id
                    && CredentialRecord.Columns.kind == CredentialRecord.Kind.api.rawValue
            ).deleteAll(db) > 0
        }
    }

    /// Disables the account (it cannot log in; every login, API token and reset link of it
    /// ends at once) or enables it again (its owner logs in anew). Nil for an unknown id.
    package func setDisabled(_ disabled: Bool, userId: String, now: Date = Date()) async throws -> UserRecord? {
        try await store.write { db in
            guard var user = try UserRecord.fetchOne(db, key: userId) else { return nil }
            if disabled {
                user.disabledAt = user.disabledAt ?? now
                try Self.endCredentials(db, userId: userId)
            } else {
                user.disabledAt = nil
            }
            try user.update(db)
            return user
        }
    }

    /// Deletes every login, API token and reset link of an account.
    private static func endCredentials(_ db: Database, userId: String) throws {
        let kinds = [CredentialRecord.Kind.web, .api, .reset].map(\.rawValue)
        try CredentialRecord.filter(CredentialRecord.Columns.userId == userId && kinds.contains(CredentialRecord.Columns.kind)).deleteAll(
            db)
    }

    /// Ends a login.
    package func revoke(token: String) async throws {
        _ = try await store.write { db in try CredentialRecord.deleteOne(db, key: SecretToken.hash(token)) }
    }

    /// A single-use reset token for the account with `email`, or nil when there is none or it
    /// is disabled (the caller answers the same either way, so emails cannot be probed).
    package func startReset(email: String, now: Date = Date()) async throws -> (UserRecord, String)? {
        guard
            let user = try await store.read({ db in
                try UserRecord.filter(UserRecord.Columns.email == Self.normalisedEmail(email)).fetchOne(db)
            }),
            user.disabledAt == nil
        else { return nil }
        let token = SecretToken.make()
        _ = try await insert(token: token, kind: .reset, userId: user.id, expiresAt: now.addingTimeInterval(resetLifetime), now: now)
        return (user, token)
    }

    /// Sets a new password with a reset token: once, before it expires. Ends every credential
    /// of the account (browser logins, API tokens, other reset links): whoever knew the old
    /// password may have made them.
    package func finishReset(token: String, password: String, now: Date = Date()) async throws {
        if let reason = Self.passwordProblem(password) { throw SignetError(.invalidInput, reason, field: "password") }
        let hash = await PasswordHashing.hash(password, cost: cost)
        try await store.write { db in
            guard let credential = try CredentialRecord.fetchOne(db, key: SecretToken.hash(token)), credential.kind == .reset,
                credential.usedAt == nil, credential.expiresAt.map({ $0 > now }) ?? false, let userId = credential.userId
            else { throw SignetError(.invalidInput, "this reset link is invalid, used or expired; ask for a new one", field: "token") }
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [hash, userId])
            try Self.endCredentials(db, userId: userId)
        }
    }

    /// Every account, oldest first: the admin's list of agents.
    package func list() async throws -> [UserRecord] {
        try await store.read { db in try UserRecord.order(UserRecord.Columns.createdAt, UserRecord.Columns.email).fetchAll(db) }
    }

    /// The account `id`, or nil.
    package func user(id: String) async throws -> UserRecord? {
        try await store.read { db in try UserRecord.fetchOne(db, key: id) }
    }

    /// Number of accounts.
    package func count() async throws -> Int { try await store.read { db in try UserRecord.fetchCount(db) } }

    private func insert(
        token: String, kind: CredentialRecord.Kind, userId: String, label: String? = nil, csrf: String? = nil, expiresAt: Date? = nil,
        now: Date
    ) async throws -> CredentialRecord {
        let record = CredentialRecord(
            tokenHash: SecretToken.hash(token), kind: kind, userId: userId, sessionId: nil, label: label, csrfToken: csrf, createdAt: now,
            expiresAt: expiresAt, usedAt: nil, id: UUID().uuidString.lowercased())
        try await store.write { db in try record.insert(db) }
        return record
    }
}
