import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetStore

/// The customer's side: `/s/<token>` exchanges the invitation link for a cookie (and sends
/// the browser on to the customer page); the API then shows only their own session.
struct CustomerController {
    let customers: any CustomerAccessRepository
    let codes: CustomerCodes
    let secureCookies: Bool

    func register(page router: Router<AppContext>, api group: RouterGroup<AppContext>) {
        router.get("s/{token}", use: open)
        group.get("customer/session", use: show)
    }

    @Sendable func open(_ request: Request, context: AppContext) async throws -> Response {
        guard let token = context.parameters.get("token") else { throw Problem.notFound }
        let actor = Actor(name: "customer", ip: context.remoteAddress?.ipAddress, userAgent: request.headers[.userAgent])
        switch try await customers.open(linkToken: token, by: actor) {
        case .success(let (session, cookie, _)):
            var response = Response(status: .seeOther, headers: [.location: "/customer", .cacheControl: "no-store"])
            let maxAge = session.expiresAt.map { Int($0.timeIntervalSinceNow) } ?? 3600
            response.setCookie(
                Cookie(
                    name: AuthMiddleware.customerCookie, value: cookie, maxAge: max(maxAge, 60), path: "/", secure: secureCookies,
                    httpOnly: true, sameSite: .lax))
            return response
        case .failure(.gone(let state)):
            throw Self.closed(state, agent: try await customers.agent(ofToken: token))
        case .failure(.unknown):
            throw Problem(.notFound, "unknown-link", "This link is not valid", detail: "it may have been replaced by a newer invitation")
        }
    }

    /// 410 for a link or cookie whose session has ended (expired, cancelled, completed), saying
    /// so and naming the agent to ask for a new invitation.
    static func closed(_ state: SessionRecord.State, agent: (name: String, email: String)?) -> Problem {
        let title = state == .expired ? "This invitation has expired" : "This session is \(state.rawValue)"
        let whom = agent.map { "\($0.name) (\($0.email))" } ?? "your agent"
        return Problem(.gone, "session-closed", title, detail: "ask \(whom) for a new invitation")
    }

    /// Answers before the one-time code is entered too: the page learns from it to show the code screen.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> CustomerSessionView {
        // The middleware already resolved the cookie (and its CSRF token); no second lookup.
        let (session, csrf) = try context.customerAwaitingCode()
        var verification: CustomerCodeStatusView?
        if session.verification == .code, let cookie = request.cookies[AuthMiddleware.customerCookie]?.value {
            let status = try await codes.status(cookie: cookie, session: session.id)
            verification = .init(status)
        }
        return CustomerSessionView(
            id: session.id, customerName: session.customerName, state: session.state.rawValue, expiresAt: session.expiresAt,
            csrfToken: csrf, verification: verification)
    }
}
