import Foundation
import HTTPTypes
import Hummingbird
import SignetStore

/// Login (cookie for browsers, bearer token for pipelines), logout, the current account, API
/// tokens (made, listed, revoked) and password resets.
struct AuthController {
    let accounts: Accounts
    let limits: Limits
    /// Login attempts, per account and per client address.
    let logins: AttemptLimiter
    /// Password-reset requests, per client address and per email.
    let resets: AttemptLimiter
    /// Sends reset mail in the background.
    let resetMail: ResetMail
    let linkBase: String
    let secureCookies: Bool

    /// How many attempts each key may make within the limiters' window.
    struct Limits {
        var loginsPerAccount: Int
        var loginsPerAddress: Int
        var resetsPerAddress: Int
        var resetMailsPerEmail: Int

        init(_ configuration: ServerConfiguration) {
            loginsPerAccount = configuration.loginAttempts
            loginsPerAddress = configuration.loginAttemptsPerAddress
            resetsPerAddress = configuration.resetRequestsPerAddress
            resetMailsPerEmail = configuration.resetMailsPerEmail
        }
    }

    func register(_ group: RouterGroup<AppContext>) {
        group.post("auth/login", use: login)
        group.post("auth/logout", use: logout)
        group.get("auth/me", use: me)
        group.post("auth/tokens", use: createToken)
        group.get("auth/tokens", use: tokens)
        group.delete("auth/tokens/{tid}", use: revokeToken)
        group.post("auth/password-reset", use: requestReset)
        group.post("auth/password-reset/confirm", use: confirmReset)
    }

    struct Login: Decodable {
        var email: String
        var password: String
    }

    struct LoginAnswer: ResponseEncodable {
        var token: String
        var csrfToken: String
        var user: UserView
    }

    /// Each attempt is counted against the account and the client address before the password
    /// is checked; a success takes its own attempt back and forgets the account's failures.
    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decode(as: Login.self, context: context)
        let account = AttemptLimiter.Key(name: "account:" + Self.emailKey(body.email), limit: limits.loginsPerAccount)
        let address = AttemptLimiter.Key(name: "address:" + AttemptLimiter.client(context.remoteAddress), limit: limits.loginsPerAddress)
        let started = Date()
        if let wait = await logins.reserve([account, address], now: started) {
            throw Self.tooMany("Too many login attempts", wait: wait)
        }
        // Accounts runs bcrypt (about a quarter of a second at cost 12) off the cooperative threads.
        guard let user = try await accounts.verify(email: body.email, password: body.password) else {
            throw Problem(.unauthorized, "bad-credentials", "Wrong email or password")
        }
        await logins.clear(account.name)
        await logins.release(address.name, at: started)
        let (token, csrf) = try await accounts.startWebSession(for: user)
        var response = try LoginAnswer(token: token, csrfToken: csrf, user: UserView(user)).response(from: request, context: context)
        // A credential: no cache, proxy or idempotency record may keep it.
        response.headers[.cacheControl] = "no-store"
        response.setCookie(
            Cookie(
                name: AuthMiddleware.agentCookie, value: token, maxAge: Int(accounts.webLifetime), path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }

    /// What attempts for an email are counted under: its normalised spelling (the one the
    /// account lookup uses), hashed, so a megabyte-long "email" takes no more room than any other.
    static func emailKey(_ email: String) -> String { SecretToken.hash(Accounts.normalisedEmail(email)) }

    static func tooMany(_ title: String, wait: Int) -> Problem {
        var problem = Problem(.tooManyRequests, "rate-limited", title, detail: "try again in \(wait) s")
        problem.retryAfter = wait
        return problem
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        _ = try context.user()
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            try await accounts.revoke(token: String(header.dropFirst(7)))
        } else if let token = request.cookies[AuthMiddleware.agentCookie]?.value {
            try await accounts.revoke(token: token)
        }
        return .noContent
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> UserView {
        UserView(try context.user())
    }

    struct TokenRequest: Decodable {
        var label: String
        /// Days the token lasts: 1 to 365, default 90.
        var expiresIn: Int?
    }

    struct TokenAnswer: ResponseEncodable {
        var token: String
        var id: String
        var label: String
        var createdAt: Date
        var expiresAt: Date?
    }

    /// One API token of the caller's, without its secret.
    struct TokenView: ResponseEncodable {
        var id: String
        var label: String
        var createdAt: Date
        var expiresAt: Date?
        var lastUsedAt: Date?

        init(_ credential: CredentialRecord) {
            id = credential.id ?? ""
            label = credential.label ?? ""
            createdAt = credential.createdAt
            expiresAt = credential.expiresAt
            lastUsedAt = credential.lastUsedAt
        }
    }

    @Sendable func createToken(_ request: Request, context: AppContext) async throws -> EditedResponse<TokenAnswer> {
        let user = try context.user()
        let body = try await request.decode(as: TokenRequest.self, context: context)
        let (token, credential) = try await accounts.issueAPIToken(
            for: user, label: body.label, days: body.expiresIn ?? Accounts.apiTokenDays)
        let view = TokenView(credential)
        return EditedResponse(
            status: .created, headers: [.cacheControl: "no-store"],
            response: TokenAnswer(token: token, id: view.id, label: view.label, createdAt: view.createdAt, expiresAt: view.expiresAt))
    }

    /// The caller's own API tokens still in force, newest first.
    @Sendable func tokens(_ request: Request, context: AppContext) async throws -> Page<TokenView> {
        let user = try context.user()
        return Page(all: try await accounts.apiTokens(of: user).map(TokenView.init))
    }

    /// Revokes one of the caller's API tokens; another account's token is 404, like an unknown one.
    @Sendable func revokeToken(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        let user = try context.user()
        guard let id = context.parameters.get("tid"), try await accounts.revokeAPIToken(id: id, of: user) else { throw Problem.notFound }
        return .noContent
    }

    struct ResetRequest: Decodable { var email: String }

    /// Always 202, whether or not the email has an account, so accounts cannot be probed; 429
    /// only when the client address asks too often. An email gets a few mails per window at
    /// most, so nobody can flood a mailbox through us.
    @Sendable func requestReset(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ResetRequest.self, context: context)
        let address = AttemptLimiter.Key(name: "address:" + AttemptLimiter.client(context.remoteAddress), limit: limits.resetsPerAddress)
        if let wait = await resets.reserve([address]) {
            throw Self.tooMany("Too many password-reset requests", wait: wait)
        }
        let email = AttemptLimiter.Key(name: "email:" + Self.emailKey(body.email), limit: limits.resetMailsPerEmail)
        guard await resets.reserve([email]) == nil else { return .accepted }
        if let (user, token) = try await accounts.startReset(email: body.email) {
            let link = "\(linkBase)/reset?token=\(token)"
            let mail = OutboxRecord(
                sessionId: "", channel: .email, recipient: user.email, subject: "Reset your Signet password",
                body: "Open this link within an hour to choose a new password: \(link)", link: link, status: .pending, attempts: 0,
                nextAttemptAt: Date(), lastError: nil, createdAt: Date())
            // Sent in the background: the answer takes as long whether or not the account exists.
            resetMail.send(mail, account: user.id)
        }
        return .accepted
    }

    /// The log line for a reset mail that could not be sent: the account's id, never its email
    /// address, which is cut out of the transport's error too (mail servers repeat it).
    static func resetMailFailure(account: String, recipient: String, error: any Error) -> String {
        let reason = String(describing: error).replacingOccurrences(of: recipient, with: "<recipient>", options: .caseInsensitive)
        return "password reset mail for account \(account) failed: \(reason)"
    }

    struct ResetConfirm: Decodable {
        var token: String
        var password: String
    }

    /// Limited per client address like the requests: each try costs a bcrypt hash.
    @Sendable func confirmReset(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ResetConfirm.self, context: context)
        let address = AttemptLimiter.Key(name: "confirm:" + AttemptLimiter.client(context.remoteAddress), limit: limits.resetsPerAddress)
        if let wait = await resets.reserve([address]) {
            throw Self.tooMany("Too many password-reset attempts", wait: wait)
        }
        try await accounts.finishReset(token: body.token, password: body.password)
        return .noContent
    }
}
