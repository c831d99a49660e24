import Foundation
import HTTPTypes
import Hummingbird
import SignetStore

/// Resolves the caller once per request: a bearer token (pipelines), the agent's login cookie
/// (browser) or a customer's cookie. Cookie-authenticated writes must carry the CSRF token
/// issued with the cookie in `X-CSRF-Token`; bearer tokens are not sent by browsers on their
/// own, so they need none.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: Accounts
    let customers: CustomerAccess
    let presence: CustomerPresence

    static let agentCookie = "signet_session"
    static let customerCookie = "signet_customer"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let unsafe = ![.get, .head, .options].contains(request.method)
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let (user, credential) = try accounts.authenticate(token: String(header.dropFirst(7))) else {
                throw Problem(.unauthorized, "unauthorized", "The bearer token is not valid")
            }
            context.caller = .user(user, credential.kind, csrf: nil)
        } else if let token = request.cookies[Self.agentCookie]?.value, let (user, credential) = try accounts.authenticate(token: token) {
            if unsafe && request.headers[Self.csrfHeader] != credential.csrfToken {
                throw Problem(.forbidden, "csrf", "Missing or wrong CSRF token", detail: "send the token from login in X-CSRF-Token")
            }
            context.caller = .user(user, credential.kind, csrf: credential.csrfToken)
        } else if let token = request.cookies[Self.customerCookie]?.value {
            switch try customers.session(cookie: token) {
            case .success(let (session, csrf)):
                if unsafe && request.headers[Self.csrfHeader] != csrf {
                    throw Problem(
                        .forbidden, "csrf", "Missing or wrong CSRF token", detail: "send the token from the session in X-CSRF-Token")
                }
                context.caller = .customer(session, csrf: csrf)
                presence.seen(session.id)
            case .failure(.gone(let state)):
                throw CustomerController.closed(state, agent: try customers.agent(ofToken: token))
            case .failure(.unknown):
                break
            }
        }
        return try await next(request, context)
    }
}

/// Limits login attempts per client address and email: after `limit` failures within the
/// window, 429 with Retry-After until the oldest attempt leaves the window.
actor LoginLimiter {
    private var failures: [String: [Date]] = [:]
    let limit: Int
    let window: Double

    init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before `key` may try again, or nil when it may try now.
    func wait(for key: String, now: Date = Date()) -> Int? {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    func fail(_ key: String, now: Date = Date()) { failures[key, default: []].append(now) }

    func succeed(_ key: String) { failures[key] = nil }
}
