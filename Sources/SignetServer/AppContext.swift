import Hummingbird
import NIOCore
import SignetModel
import SignetSessions
import SignetStore

/// Who is calling: an agent or admin (by cookie or bearer token), or a customer (by their
/// session cookie), or nobody.
enum Caller: Sendable {
    case user(UserRecord, CredentialRecord.Kind, csrf: String?)
    case customer(SessionRecord, csrf: String?)

    /// Whose live streams a stream of this caller counts against.
    var streamHolder: StreamLimits.Holder {
        switch self {
        case .customer(let session, _): .customer(session: session.id)
        case .user(let user, _, _): .user(id: user.id)
        }
    }
}

/// The per-request context: the caller, resolved once by `AuthMiddleware`, and the client's
/// address for the session record.
struct AppContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var caller: Caller?
    /// The 410 for a customer cookie of a closed session (naming the agent to ask): the
    /// customer's own routes answer it, every other route ignores the stale cookie.
    var closedCustomer: Problem?
    /// Set when a write came with a login or customer cookie but not its CSRF token: routes that
    /// need the caller refuse with it (403); public ones (logging in again from a tab that lost
    /// the token) go on as for anyone.
    var missingCSRF: Problem?
    /// Set when the customer's session asks for a one-time code and this browser has not
    /// entered it: every customer route refuses (403) but the code screen's own.
    var awaitingCode = false
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The largest body any route takes (an uploaded PDF, with room to spare); routes that
    /// take files check their own, smaller limits.
    var maxUploadSize: Int { 24 << 20 }

    /// JSON bodies have a smaller limit of their own.
    var requestDecoder: JSONBodyDecoder { JSONBodyDecoder() }

    /// The signed-in agent or admin, or 401.
    func user() throws -> UserRecord {
        guard case .user(let user, _, _) = caller else { throw missingCSRF ?? Problem.unauthorized }
        return user
    }

    /// The signed-in admin, or 401/403.
    func admin() throws -> UserRecord {
        let user = try user()
        guard user.role == .admin else { throw Problem.forbidden }
        return user
    }

    /// The session named in the path, if the caller may see it; 404 otherwise (also for
    /// another agent's session, so ids cannot be probed).
    func ownedSession(_ sessions: CustomerSessions) async throws -> SessionRecord {
        let user = try user()
        guard let id = parameters.get("id"), let session = try await sessions.session(id: id),
            user.role == .admin || session.agentId == user.id
        else { throw Problem.notFound }
        return session
    }

    /// The signed-in customer's session, or 410 when their session has closed, or 401.
    func customerSession() throws -> SessionRecord {
        try customer().session
    }

    /// The signed-in customer's session and CSRF token, or 403 until they entered their one-time
    /// code, or 410 when their session has closed, or 401.
    func customer() throws -> (session: SessionRecord, csrf: String?) {
        if awaitingCode { throw Problem.verificationRequired }
        return try customerAwaitingCode()
    }

    /// `customer()` for the routes the code screen needs (the session, entering a code, asking
    /// for a new one), which answer before the code is entered.
    func customerAwaitingCode() throws -> (session: SessionRecord, csrf: String?) {
        if case .customer(let session, let csrf) = caller { return (session, csrf) }
        if let missingCSRF { throw missingCSRF }
        if let closedCustomer { throw closedCustomer }
        throw Problem.unauthorized
    }

    /// The `{page}` of a preview route: a number, optionally written `3.png`.
    func page() throws -> Int {
        guard let raw = parameters.get("page"), let page = Int(raw.hasSuffix(".png") ? String(raw.dropLast(4)) : raw) else {
            throw SignetError(.invalidInput, "page must be a page number", field: "page")
        }
        return page
    }

    /// Who is acting, for the record.
    func actor(_ request: Request) -> Actor {
        let name: String
        switch caller {
        case .user(let user, _, _): name = "agent:\(user.id)"
        case .customer: name = "customer"
        case nil: name = "anonymous"
        }
        return Actor(name: name, ip: remoteAddress?.ipAddress, userAgent: request.headers[.userAgent])
    }
}
