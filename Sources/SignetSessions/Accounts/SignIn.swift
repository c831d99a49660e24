import Foundation
import Logging
import SignetModel
import SignetStore

/// Agents and admins signing in, and resetting a forgotten password, each attempt throttled
/// per account, email and client address before any slow password check, so a burst of
/// parallel guesses cannot all pass while the first ones are still being checked.
package struct SignIn: Sendable {
    /// How many attempts each key may make within the limiters' window.
    package struct Limits: Sendable {
        var loginsPerAccount: Int
        var loginsPerAddress: Int
        var resetsPerAddress: Int
        var resetMailsPerEmail: Int

        package init(_ configuration: ServerConfiguration) {
            loginsPerAccount = configuration.loginAttempts
            loginsPerAddress = configuration.loginAttemptsPerAddress
            resetsPerAddress = configuration.resetRequestsPerAddress
            resetMailsPerEmail = configuration.resetMailsPerEmail
        }
    }

    let accounts: any AccountRepository
    let limits: Limits
    /// Login attempts, per account and per client address.
    let logins: AttemptLimiter
    /// Password-reset requests, per client address and per email.
    let resets: AttemptLimiter
    /// Sends reset mail in the background.
    let resetMail: ResetMail
    let linkBase: String

    package init(services: SignetServices) {
        let configuration = services.configuration
        accounts = services.accounts
        limits = Limits(configuration)
        logins = AttemptLimiter(window: configuration.loginWindow, scope: "login", attempts: services.backend.attempts)
        resets = AttemptLimiter(window: configuration.loginWindow, scope: "reset", attempts: services.backend.attempts)
        resetMail = services.resetMail
        linkBase = configuration.linkBase
    }

    /// The account and a new web login (token and CSRF token), or nil for a wrong email or
    /// password. Each attempt is counted against the account and the client address before
    /// the password is checked; a success takes its own attempt back and forgets the
    /// account's failures.
    package func login(email: String, password: String, client: String) async throws -> (
        user: UserRecord, token: String, csrf: String
    )? {
        let account = AttemptLimiter.Key(name: "account:" + Self.emailKey(email), limit: limits.loginsPerAccount)
        let address = AttemptLimiter.Key(name: "address:" + client, limit: limits.loginsPerAddress)
        let started = Date()
        if let wait = try await logins.reserve([account, address], now: started) {
            throw TooManyAttempts(title: "Too many login attempts", wait: wait)
        }
        // Accounts runs bcrypt (about a quarter of a second at cost 12) off the cooperative threads.
        guard let user = try await accounts.verify(email: email, password: password) else { return nil }
        try await logins.clear(account.name)
        try await logins.release(address.name, at: started)
        let (token, csrf) = try await accounts.startWebSession(for: user)
        return (user, token, csrf)
    }

    /// What attempts for an email are counted under: its normalised spelling (the one the
    /// account lookup uses), hashed, so a megabyte-long "email" takes no more room than any other.
    static func emailKey(_ email: String) -> String { SecretToken.hash(Accounts.normalisedEmail(email)) }

    /// Mails a single-use reset link when `email` has an account, refusing only when the client
    /// address asks too often; an email gets a few mails per window at most, so nobody can
    /// flood a mailbox through us.
    package func requestReset(email: String, client: String) async throws {
        let address = AttemptLimiter.Key(name: "address:" + client, limit: limits.resetsPerAddress)
        if let wait = try await resets.reserve([address]) {
            throw TooManyAttempts(title: "Too many password-reset requests", wait: wait)
        }
        let key = AttemptLimiter.Key(name: "email:" + Self.emailKey(email), limit: limits.resetMailsPerEmail)
        guard try await resets.reserve([key]) == nil, let (user, token) = try await accounts.startReset(email: email) else { return }
        let link = "\(linkBase)/reset?token=\(token)"
        let mail = OutboxRecord(
            sessionId: "", channel: .email, recipient: user.email, subject: "Reset your Signet password",
            body: "Open this link within an hour to choose a new password: \(link)", link: link, status: .pending, attempts: 0,
            nextAttemptAt: Date(), lastError: nil, createdAt: Date())
        // Sent in the background: the answer takes as long whether or not the account exists.
        resetMail.send(mail, account: user.id)
    }

    /// The log line for a reset mail that could not be sent: the account's id, never its email
    /// address, which is cut out of the transport's error too (mail servers repeat it).
    package static func resetMailFailure(account: String, recipient: String, error: any Error) -> String {
        let reason = String(describing: error).replacingOccurrences(of: recipient, with: "<recipient>", options: .caseInsensitive)
        return "password reset mail for account \(account) failed: \(reason)"
    }

    /// Sets a new password with a reset token, limited per client address like the requests:
    /// each try costs a bcrypt hash.
    package func confirmReset(token: String, password: String, client: String) async throws {
        let address = AttemptLimiter.Key(name: "confirm:" + client, limit: limits.resetsPerAddress)
        if let wait = try await resets.reserve([address]) {
            throw TooManyAttempts(title: "Too many password-reset attempts", wait: wait)
        }
        try await accounts.finishReset(token: token, password: password)
    }
}

/// Too many attempts under one key within the window: the next may start in `wait` seconds.
package struct TooManyAttempts: Error, Sendable {
    package var title: String
    package var wait: Int

    package init(title: String, wait: Int) {
        self.title = title
        self.wait = wait
    }
}
