import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetAPI
import SignetStore

/// The customer's side: `/s/<token>` exchanges the invitation link for a cookie (and sends
/// the browser on to the customer page); the API then shows only their own session.
struct CustomerController {
    let customers: any CustomerAccessRepository
    let codes: any CustomerCodeRepository
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
            let problem = Self.closed(state, agent: try await customers.agent(ofToken: token))
            // The link is opened by a person in a browser far more often than by a program: they
            // get a page that says what happened and whom to ask; API callers the problem.
            guard Self.wantsPage(request) else { throw problem }
            let page = ClosedLinkPage(title: problem.title, detail: problem.detail ?? "", agent: try await customers.agent(ofToken: token))
            return Response(
                status: problem.status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: page.html)))
        case .failure(.unknown):
            throw Problem(.notFound, "unknown-link", "This link is not valid", detail: "it may have been replaced by a newer invitation")
        }
    }

    /// 410 for a link or cookie whose session has ended (expired, cancelled, completed), saying
    /// so and naming the agent to ask for a new invitation.
    static func closed(_ state: SessionRecord.State, agent: (name: String, email: String)?) -> Problem {
        let whom = agent.map { "\($0.name) (\($0.email))" } ?? "your agent"
        if state == .completed {
            // Completed, and the downloads' time is over (within it, the link still opens).
            return Problem(
                .gone, "session-closed", "This session is complete and its downloads have ended",
                detail: "ask \(whom) for copies of your documents")
        }
        let title = state == .expired ? "This invitation has expired" : "This session is \(state.rawValue)"
        return Problem(.gone, "session-closed", title, detail: "ask \(whom) for a new invitation")
    }

    /// Whether the caller is a browser asking for a page (`Accept` names HTML) rather than a
    /// program asking for JSON.
    static func wantsPage(_ request: Request) -> Bool {
        request.headers[.accept].map { $0.contains("text/html") } ?? false
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
            completedAt: session.completedAt, downloadsUntil: customers.downloadsEnd(session), csrfToken: csrf, verification: verification)
    }
}
