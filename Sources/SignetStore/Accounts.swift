import Foundation
import GRDB
import HummingbirdBcrypt
import SignetModel

/// Agents and admins: creation with a checked password, login, browser sessions, API tokens
/// and password resets. Every secret is random and stored only as its hash.
public struct Accounts: Sendable {
    let store: Store
    /// bcrypt cost; lower only in tests.
    let cost: UInt8
    /// How long a browser login lasts.
    public var webLifetime: TimeInterval = 12 * 3600
    /// How long a password reset link works.
    public var resetLifetime: TimeInterval = 3600

    /// Creates the account service.
    public init(store: Store, bcryptCost: UInt8 = 12) {
        self.store = store
        cost = bcryptCost
    }

    /// Passwords everyone tries first; refused even when long enough.
    static let commonPasswords: Set<String> = [
        "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwertyuiop", "qwerty123", "iloveyou",
        "11111111", "00000000", "abc12345", "letmein1", "welcome1", "admin123", "passw0rd", "sunshine", "football", "baseball",
        "princess", "trustno1", "changeme", "signet123",
    ]

    /// Why `password` is refused, or nil.
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < 8 { return "the password must have at least 8 characters" }
        if password.count > 72 { return "the password must have at most 72 characters" }
        if commonPasswords.contains(password.lowercased()) { return "this password is too common; choose another" }
        return nil
    }

    /// Creates an account. Throws `invalidInput` naming `email` or `password`.
    public func create(email: String, name: String, role: UserRecord.Role, password: String, now: Date = Date()) throws -> UserRecord {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let reason = ValueCheck.problem(with: .text(email), for: FieldDefinition(id: "email", kind: .email)) {
            throw SignetError(.invalidInput, reason, field: "email")
        }
        if let reason = Self.passwordProblem(password) { throw SignetError(.invalidInput, reason, field: "password") }
        let user = UserRecord(
            id: UUID().uuidString.lowercased(), email: email, name: name.isEmpty ? email : name, role: role,
            passwordHash: Bcrypt.hash(password, cost: cost), createdAt: now)
        do {
            try store.writer.write { db in try user.insert(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw SignetError(.invalidInput, "an account with this email already exists", field: "email")
        }
        return user
    }

    /// The account with `email`, when the password is right. Always runs bcrypt once, so the
    /// answer takes as long for an unknown email as for a wrong password.
    public func verify(email: String, password: String) throws -> UserRecord? {
        let user = try store.writer.read { db in
            try UserRecord.filter(Column("email") == email.trimmingCharacters(in: .whitespaces).lowercased()).fetchOne(db)
        }
        let hash = user?.passwordHash ?? Self.decoyHash
        return Bcrypt.verify(password, hash: hash) && user != nil ? user : nil
    }

    private static let decoyHash = Bcrypt.hash("decoy-password-never-used", cost: 4)

    /// A new browser login: the cookie token and its CSRF token.
    public func startWebSession(for user: UserRecord, now: Date = Date()) throws -> (token: String, csrf: String) {
        let token = SecretToken.make()
        let csrf = SecretToken.make()
        try insert(token: token, kind: .web, userId: user.id, csrf: csrf, expiresAt: now.addingTimeInterval(webLifetime), now: now)
        return (token, csrf)
    }

    /// A new API token for pipelines (no expiry until revoked).
    public func issueAPIToken(for user: UserRecord, label: String, now: Date = Date()) throws -> String {
        let token = SecretToken.make()
        try insert(token: token, kind: .api, userId: user.id, label: label, now: now)
        return token
    }

    /// The user and credential behind a web or API token still in force.
    public func authenticate(token: String, now: Date = Date()) throws -> (UserRecord, CredentialRecord)? {
        try store.writer.read { db in
            guard let credential = try CredentialRecord.fetchOne(db, key: SecretToken.hash(token)),
                credential.kind == .web || credential.kind == .api, credential.expiresAt.map({ $0 > now }) ?? true,
                let userId = credential.userId, let user = try UserRecord.fetchOne(db, key: userId)
            else { return nil }
            return (user, credential)
        }
    }

    /// Ends a login.
    public func revoke(token: String) throws {
        _ = try store.writer.write { db in try CredentialRecord.deleteOne(db, key: SecretToken.hash(token)) }
    }

    /// A single-use reset token for the account with `email`, or nil when there is none (the
    /// caller answers the same either way, so emails cannot be probed).
    public func startReset(email: String, now: Date = Date()) throws -> (UserRecord, String)? {
        guard let user = try store.writer.read({ db in try UserRecord.filter(Column("email") == email.lowercased()).fetchOne(db) }) else {
            return nil
        }
        let token = SecretToken.make()
        try insert(token: token, kind: .reset, userId: user.id, expiresAt: now.addingTimeInterval(resetLifetime), now: now)
        return (user, token)
    }

    /// Sets a new password with a reset token: once, before it expires. Ends every browser
    /// login of the account.
    public func finishReset(token: String, password: String, now: Date = Date()) throws {
        if let reason = Self.passwordProblem(password) { throw SignetError(.invalidInput, reason, field: "password") }
        let hash = Bcrypt.hash(password, cost: cost)
        try store.writer.write { db in
            guard var credential = try CredentialRecord.fetchOne(db, key: SecretToken.hash(token)), credential.kind == .reset,
                credential.usedAt == nil, credential.expiresAt.map({ $0 > now }) ?? false, let userId = credential.userId
            else { throw SignetError(.invalidInput, "this reset link is invalid, used or expired; ask for a new one", field: "token") }
            credential.usedAt = now
            try credential.update(db)
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [hash, userId])
            try CredentialRecord.filter(Column("userId") == userId && Column("kind") == CredentialRecord.Kind.web.rawValue).deleteAll(db)
        }
    }

    /// Every account, oldest first: the admin's list of agents.
    public func list() throws -> [UserRecord] {
        try store.writer.read { db in try UserRecord.order(Column("createdAt"), Column("email")).fetchAll(db) }
    }

    /// Number of accounts.
    public func count() throws -> Int { try store.writer.read { db in try UserRecord.fetchCount(db) } }

    private func insert(
        token: String, kind: CredentialRecord.Kind, userId: String, label: String? = nil, csrf: String? = nil, expiresAt: Date? = nil,
        now: Date
    ) throws {
        let record = CredentialRecord(
            tokenHash: SecretToken.hash(token), kind: kind, userId: userId, sessionId: nil, label: label, csrfToken: csrf, createdAt: now,
            expiresAt: expiresAt, usedAt: nil)
        try store.writer.write { db in try record.insert(db) }
    }
}
