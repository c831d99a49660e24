import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetSessions
import SignetStore

/// LoginRequest (cookie for browsers, bearer token for pipelines), logout, the current account, API
/// tokens (made, listed, revoked) and password resets.
struct AuthController {
    let accounts: any AccountRepository
    let signIn: SignIn
    let secureCookies: Bool

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

    /// Throttled per account and client address (`SignIn`).
    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decode(as: LoginRequest.self, context: context)
        let client = AttemptLimiter.client(context.remoteAddress)
        guard let (user, token, csrf) = try await signIn.login(email: body.email, password: body.password, client: client) else {
            throw Problem(.unauthorized, "bad-credentials", "Wrong email or password")
        }
        var response = try LoginAnswer(token: token, csrfToken: csrf, user: UserView(user)).response(from: request, context: context)
        // A credential: no cache, proxy or idempotency record may keep it.
        response.headers[.cacheControl] = "no-store"
        response.setCookie(
            Cookie(
                name: AuthMiddleware.agentCookie, value: token, maxAge: Int(accounts.webLifetime), path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
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

    @Sendable func createToken(_ request: Request, context: AppContext) async throws -> EditedResponse<TokenAnswer> {
        let user = try context.user()
        let body = try await request.decode(as: TokenRequest.self, context: context)
        let (token, credential) = try await accounts.issueAPIToken(
            for: user, label: body.label, days: body.expiresIn ?? Accounts.apiTokenDays)
        return EditedResponse(status: .created, headers: [.cacheControl: "no-store"], response: TokenAnswer(token: token, credential))
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

    /// Always 202, whether or not the email has an account, so accounts cannot be probed; 429
    /// only when the client address asks too often.
    @Sendable func requestReset(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ResetRequest.self, context: context)
        try await signIn.requestReset(email: body.email, client: AttemptLimiter.client(context.remoteAddress))
        return .accepted
    }

    @Sendable func confirmReset(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ResetConfirm.self, context: context)
        try await signIn.confirmReset(token: body.token, password: body.password, client: AttemptLimiter.client(context.remoteAddress))
        return .noContent
    }
}
