import Foundation
import HTTPTypes
import Hummingbird
import SignetStore

/// Login (cookie for browsers, bearer token for pipelines), logout, the current account, API
/// tokens and password resets.
struct AuthController {
    let accounts: Accounts
    let limiter: LoginLimiter
    let transport: any MessageTransport
    let linkBase: String
    let secureCookies: Bool

    func register(_ group: RouterGroup<AppContext>) {
        group.post("auth/login", use: login)
        group.post("auth/logout", use: logout)
        group.get("auth/me", use: me)
        group.post("auth/tokens", use: createToken)
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

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decode(as: Login.self, context: context)
        let key = "\(context.remoteAddress?.ipAddress ?? "?")|\(body.email.lowercased())"
        if let wait = await limiter.wait(for: key) {
            var problem = Problem(.tooManyRequests, "rate-limited", "Too many login attempts", detail: "try again in \(wait) s")
            problem.retryAfter = wait
            throw problem
        }
        guard let user = try accounts.verify(email: body.email, password: body.password) else {
            await limiter.fail(key)
            throw Problem(.unauthorized, "bad-credentials", "Wrong email or password")
        }
        await limiter.succeed(key)
        let (token, csrf) = try accounts.startWebSession(for: user)
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
            try accounts.revoke(token: String(header.dropFirst(7)))
        } else if let token = request.cookies[AuthMiddleware.agentCookie]?.value {
            try accounts.revoke(token: token)
        }
        return .noContent
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> UserView {
        UserView(try context.user())
    }

    struct TokenRequest: Decodable { var label: String }
    struct TokenAnswer: ResponseEncodable { var token: String; var label: String }

    @Sendable func createToken(_ request: Request, context: AppContext) async throws -> EditedResponse<TokenAnswer> {
        let user = try context.user()
        let body = try await request.decode(as: TokenRequest.self, context: context)
        let token = try accounts.issueAPIToken(for: user, label: body.label)
        return EditedResponse(
            status: .created, headers: [.cacheControl: "no-store"], response: TokenAnswer(token: token, label: body.label))
    }

    struct ResetRequest: Decodable { var email: String }

    /// Always 202, whether or not the email has an account, so accounts cannot be probed.
    @Sendable func requestReset(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ResetRequest.self, context: context)
        if let (user, token) = try accounts.startReset(email: body.email) {
            let link = "\(linkBase)/reset?token=\(token)"
            let mail = OutboxRecord(
                sessionId: "", channel: .email, recipient: user.email, subject: "Reset your Signet password",
                body: "Open this link within an hour to choose a new password: \(link)", link: link, status: .pending, attempts: 0,
                nextAttemptAt: Date(), lastError: nil, createdAt: Date())
            // Sent in the background: the answer takes as long whether or not the account exists.
            let transport = transport
            let logger = context.logger
            Task {
                do { try await transport.send(mail) } catch { logger.error("password reset mail to \(mail.recipient) failed: \(error)") }
            }
        }
        return .accepted
    }

    struct ResetConfirm: Decodable {
        var token: String
        var password: String
    }

    @Sendable func confirmReset(_ request: Request, context: AppContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ResetConfirm.self, context: context)
        try accounts.finishReset(token: body.token, password: body.password)
        return .noContent
    }
}
