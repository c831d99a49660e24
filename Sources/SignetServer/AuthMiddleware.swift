import Foundation
import HTTPTypes
import Hummingbird
import SignetSessions
import SignetStore

/// Resolves the caller once per request: a bearer token (pipelines), the agent's login cookie
/// (browser) or a customer's cookie. Cookie-authenticated writes must carry the CSRF token
/// issued with the cookie in `X-CSRF-Token` (without it the cookie counts for nothing, and
/// routes that need the caller answer 403); bearer tokens are not sent by browsers on their
/// own, so they need none. A customer cookie of a closed session makes the caller anonymous
/// (customer routes then answer 410), so a stale cookie never locks a browser out of the rest;
/// one of a completed session opens its customer's routes for reading only (writes answer 409).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: any AccountRepository
    let customers: any CustomerAccessRepository
    let codes: any CustomerCodeRepository
    let presence: CustomerPresence
    /// The customer cookie's session, cached until the next write (revocation stays immediate).
    let reads: CustomerReads

    static let agentCookie = "signet_session"
    static let customerCookie = "signet_customer"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let unsafe = ![.get, .head, .options].contains(request.method)
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let (user, credential) = try await accounts.authenticate(token: String(header.dropFirst(7)))
            else {
                throw Problem(.unauthorized, "unauthorized", "The bearer token is not valid")
            }
            context.caller = .user(user, credential.kind, csrf: nil)
        } else if let token = request.cookies[Self.agentCookie]?.value,
            let (user, credential) = try await accounts.authenticate(token: token)
        {
            if unsafe && !Self.sameSecret(request.headers[Self.csrfHeader], credential.csrfToken) {
                context.missingCSRF = Problem(
                    .forbidden, "csrf", "Missing or wrong CSRF token", detail: "send the token from login in X-CSRF-Token")
            } else {
                context.caller = .user(user, credential.kind, csrf: credential.csrfToken)
            }
        } else if let token = request.cookies[Self.customerCookie]?.value {
            switch try await reads.session(cookie: token) {
            case .success(let (session, csrf)):
                if unsafe && session.state == .completed {
                    // A completed session is read-only: its customer comes back for downloads only.
                    context.closedCustomer = Problem(
                        .conflict, "session-completed", "This session is complete",
                        detail: "nothing more can be changed; your copies can still be downloaded")
                } else if unsafe && !Self.sameSecret(request.headers[Self.csrfHeader], csrf) {
                    context.missingCSRF = Problem(
                        .forbidden, "csrf", "Missing or wrong CSRF token", detail: "send the token from the session in X-CSRF-Token")
                } else {
                    context.caller = .customer(session, csrf: csrf)
                    // The code proves the browser: a cookie from a forwarded link needs its own.
                    if session.verification == .code {
                        let verified = try await codes.isVerified(cookie: token)
                        context.awaitingCode = !verified
                    }
                    presence.seen(session.id)
                }
            case .failure(.gone(let state)):
                // Not refused here: a stale cookie must not lock its browser out of logging in,
                // the health check or a new invitation link; customer routes answer 410 with it.
                context.closedCustomer = CustomerController.closed(state, agent: try await customers.agent(ofToken: token))
            case .failure(.unknown):
                break
            }
        }
        return try await next(request, context)
    }

    /// Whether the presented secret is the expected one, in time that does not depend on where
    /// they first differ (so a CSRF token cannot be guessed byte by byte from response times).
    /// No expected secret matches nothing.
    static func sameSecret(_ presented: String?, _ expected: String?) -> Bool {
        guard let presented, let expected else { return false }
        let a = Array(presented.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
