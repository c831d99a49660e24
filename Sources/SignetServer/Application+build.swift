import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SignetAPI
import SignetSessions
import SignetStore

/// The HTTP side of the one wiring (`Bootstrap` makes `services`), used by `signet serve` and by
/// the tests: middleware, routes, and the background services Bootstrap lists.
package func buildApplication(services: SignetServices) -> some ApplicationProtocol {
    let configuration = services.configuration
    let logger = Logger(label: "signet.server")
    let streams = StreamLimits(perCustomer: configuration.streamsPerCustomer, perUser: configuration.streamsPerUser)
    let router = Router(context: AppContext.self)
    // Outermost first: every response, problems included, carries the security headers.
    router.add(middleware: SecurityHeadersMiddleware(strictTransport: configuration.secureCookies))
    router.add(middleware: ProblemMiddleware())
    // Inside the problem mapping, so a request that is neither a route nor a file is still a problem.
    router.add(middleware: PublicFiles(directory: configuration.publicDirectory, logger: logger))
    router.add(
        middleware: AuthMiddleware(
            accounts: services.accounts, customers: services.customers, codes: services.customerCodes, presence: services.presence,
            reads: services.customerReads))

    // Reachable means the database answers too: a load balancer stops sending to an instance
    // that lost it.
    router.get("health") { _, _ in
        let reachable = await services.backend.reachable()
        return EditedResponse(
            status: reachable ? .ok : .serviceUnavailable,
            response: HealthView(status: reachable ? "ok" : "unavailable", database: reachable ? "ok" : "unreachable"))
    }
    SealController(keys: services.sealKeys).register(router)
    router.get("openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    // Logins, tokens and resets hand out credentials: no answer of theirs is ever kept, so
    // they are outside idempotency (a retry simply asks again).
    let auth = router.group("api/v1")
    // Idempotency only on routed API paths, after authentication: an unknown path is a 404
    // and an anonymous call a 401 before any body is buffered or written down.
    let api = router.group("api/v1").add(middleware: IdempotencyMiddleware(keys: services.backend.idempotencyKeys))
    AuthController(
        accounts: services.accounts, signIn: SignIn(services: services), secureCookies: configuration.secureCookies
    ).register(auth)
    SessionController(
        sessions: services.sessions, events: services.events, streams: streams, keepAlive: configuration.streamKeepAlive,
        reminderSpacing: configuration.manualReminderSpacing
    ).register(api)
    SettingsController(settings: services.settings).register(api)
    ContactController(contacts: services.contacts).register(api)
    AdminController(services: services).register(api)
    WebhookController(services: services).register(api)
    StagedUploadController(services: services).register(api)
    AgentInteractionController(services: services).register(api)
    ApprovalController(services: services).register(api)
    CustomerInteractionController(services: services, streams: streams).register(api)
    AssetController(services: services).register(api)
    BatchJobController(services: services, streams: streams).register(api)
    CustomerController(customers: services.customers, codes: services.customerCodes, secureCookies: configuration.secureCookies).register(
        page: router, api: api)
    CustomerCodeController(codes: services.customerCodes).register(api)
    ChatController(sessions: services.sessions, chat: SessionChat(events: services.events)).register(api)
    // Anonymous and read-only: outside idempotency, like the other routes anyone may call.
    VerifyController(
        services: services, limiter: AttemptLimiter(window: configuration.loginWindow, scope: "verify", attempts: services.backend.attempts)
    ).register(auth)

    var app = Application(
        router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "signet"),
        logger: logger)
    for service in services.backgroundServices(logger: logger) { app.addServices(service) }
    return app
}

/// Headers every response carries: no sniffing, no framing, a strict content policy, no
/// referrer leaking customer links; behind HTTPS (secure cookies), HSTS too, so a browser never
/// again goes to the service over plain HTTP where a cookie or link could be read.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let strictTransport: Bool

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'"
        if strictTransport { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return response
    }
}
