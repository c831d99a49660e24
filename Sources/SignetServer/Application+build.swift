import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import SignetModel
import SignetStore
import SignetTemplates
import SignetTrust

/// The services a server runs with; `main` opens them from the data folder, tests in memory.
public struct SignetServices: Sendable {
    /// The database.
    public let store: Store
    /// Accounts and logins.
    public let accounts: Accounts
    /// Sessions.
    public let sessions: Sessions
    /// Agents' address books.
    public let contacts: Contacts
    /// Customer links and cookies.
    public let customers: CustomerAccess
    /// The session record.
    public let events: EventLog
    /// Invitation delivery.
    public let outbox: Outbox
    /// How messages leave: the outbox's transport, also used for password resets.
    public let transport: any MessageTransport
    /// Uploaded and finished documents, by content.
    public let blobs: BlobStore
    /// Documents, requests, reviews, batches and workflows sent into sessions.
    public let interactions: Interactions
    /// Admin-defined workflows.
    public let workflows: Workflows
    /// Batch jobs started over HTTP.
    public let batchJobs: BatchJobs
    /// Takes payments.
    public let payments: any PaymentProvider
    /// Payment requests whose provider call is running now.
    let paymentsInFlight = PaymentsInFlight()
    /// PDF work: the isolated worker pool in `signet serve`, the in-process engine in tests.
    public let engine: EngineRunner
    /// The identity that seals every finished document.
    public let sealKeys: SealKeys
    let templates: TemplateLibrary
    let preparation: DocumentPreparation
    let previews: PreviewCache
    let presence = CustomerPresence()
    let streams: StreamLimits
    let limits: EngineLimits
    let configuration: ServerConfiguration

    /// Assembles the services over `store`; PDF work goes through `engine` (the isolated
    /// worker pool in `signet serve`).
    public init(
        store: Store, configuration: ServerConfiguration, transport: any MessageTransport, engine: EngineRunner,
        payments: any PaymentProvider = SandboxPayments(), bcryptCost: UInt8 = 12
    ) {
        self.store = store
        accounts = Accounts(store: store, bcryptCost: bcryptCost)
        var sessions = Sessions(store: store, publicBaseURL: configuration.linkBase)
        customers = CustomerAccess(store: store)
        events = EventLog(store: store)
        outbox = Outbox(store: store, transport: transport)
        self.transport = transport
        blobs = BlobStore(root: configuration.dataDirectory + "/blobs")
        sessions.lifetime = configuration.sessionLifetime
        self.sessions = sessions
        contacts = Contacts(store: store)
        interactions = Interactions(store: store)
        workflows = Workflows(store: store)
        batchJobs = BatchJobs(store: store)
        self.payments = payments
        self.engine = engine
        sealKeys = SealKeys(configured: configuration.seal, folder: configuration.dataDirectory + "/keys")
        limits = configuration.engineLimits
        self.configuration = configuration
        templates = TemplateLibrary(
            directory: configuration.templatesDirectory, engine: engine, limits: limits, logger: Logger(label: "signet.templates"))
        preparation = DocumentPreparation(engine: engine, limits: limits)
        previews = PreviewCache(
            directory: configuration.dataDirectory + "/previews", engine: engine, limits: limits,
            budget: PreviewBudget(totalBytes: configuration.maxPreviewBytes, documentBytes: configuration.maxDocumentPreviewBytes))
        streams = StreamLimits(perCustomer: configuration.streamsPerCustomer, perUser: configuration.streamsPerUser)
    }

    /// Removes what requests cut short by a crash or a `kill -9` left behind: their scratch
    /// folders and the hidden files of blob and preview writes that never got their final
    /// name. Nothing refers to them; called before serving, when no request is running.
    public func removeInterruptedWork() throws {
        let files = FileManager.default
        // The folder itself stays: sandboxed workers were granted it by its inode (Landlock).
        let scratch = configuration.dataDirectory + "/tmp"
        for leftover in (try? files.contentsOfDirectory(atPath: scratch)) ?? [] {
            try files.removeItem(atPath: scratch + "/" + leftover)
        }
        for folder in [blobs.root, configuration.dataDirectory + "/previews"] {
            guard let walker = files.enumerator(atPath: folder) else { continue }
            while let relative = walker.nextObject() as? String {
                if (relative as NSString).lastPathComponent.hasPrefix(".") { try files.removeItem(atPath: folder + "/" + relative) }
            }
        }
    }

    /// The preflight report of an uploaded PDF, checked in a scratch copy: only a PDF that
    /// passes (not encrypted, not damaged, within the limits) is then kept as a blob, so a
    /// refused upload leaves nothing behind.
    func preflighted(_ bytes: [UInt8], name: String) async throws -> DocumentReport {
        let work = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = work + "/upload.pdf"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw SignetError(.io, "the upload could not be checked")
        }
        return try await preparation.preflight(path, name: name)
    }

    /// A fresh folder for one request's intermediate files; the caller removes it.
    func scratchDirectory() throws -> String {
        let path = "\(configuration.dataDirectory)/tmp/\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// The one composition root, used by `signet serve` and by the tests: routes, middleware and
/// the background services. `workers` is the engine's own service, when it has one (the worker
/// pool of `signet serve`, see `WorkerPoolService`).
public func buildApplication(configuration: ServerConfiguration, services: SignetServices, workers: (any Service)? = nil)
    -> some ApplicationProtocol
{
    let logger = Logger(label: "signet.server")
    let resetMail = ResetMail(transport: services.transport, logger: logger)
    let batchRunner = BatchJobRunner(jobs: services.batchJobs, root: configuration.dataDirectory + "/jobs", logger: logger)
    let router = Router(context: AppContext.self)
    // Outermost first: every response, problems included, carries the security headers.
    router.add(middleware: SecurityHeadersMiddleware(strictTransport: configuration.secureCookies))
    router.add(middleware: ProblemMiddleware())
    // Inside the problem mapping, so a request that is neither a route nor a file is still a problem.
    router.add(middleware: PublicFiles(directory: configuration.publicDirectory, logger: logger))
    router.add(middleware: AuthMiddleware(accounts: services.accounts, customers: services.customers, presence: services.presence))

    router.get("health") { _, _ in HealthView(status: "ok") }
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
    let api = router.group("api/v1").add(middleware: IdempotencyMiddleware(keys: IdempotencyKeys(store: services.store)))
    AuthController(
        accounts: services.accounts, limits: AuthController.Limits(configuration),
        logins: AttemptLimiter(window: configuration.loginWindow),
        resets: AttemptLimiter(window: configuration.loginWindow), resetMail: resetMail, linkBase: configuration.linkBase,
        secureCookies: configuration.secureCookies
    ).register(auth)
    SessionController(
        sessions: services.sessions, events: services.events, streams: services.streams, keepAlive: configuration.streamKeepAlive
    ).register(api)
    ContactController(contacts: services.contacts).register(api)
    AdminController(services: services).register(api)
    StagedUploadController(services: services).register(api)
    AgentInteractionController(services: services).register(api)
    CustomerInteractionController(services: services).register(api)
    AssetController(services: services).register(api)
    BatchJobController(services: services, runner: batchRunner).register(api)
    CustomerController(customers: services.customers, secureCookies: configuration.secureCookies).register(page: router, api: api)
    // Anonymous and read-only: outside idempotency, like the other routes anyone may call.
    VerifyController(services: services, limiter: AttemptLimiter(window: configuration.loginWindow)).register(auth)

    var app = Application(
        router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "signet"),
        logger: logger)
    // Every long-running part of the server, in the application's one ServiceGroup: started
    // with the HTTP server and stopped by its graceful shutdown (SIGTERM, SIGINT), in reverse
    // order, after the HTTP server has answered the requests it had. So the engine comes first
    // (stopped last: requests still running finish their PDF work).
    if let workers { app.addServices(workers) }
    app.addServices(resetMail, batchRunner)
    if configuration.deliversOutbox {
        app.addServices(OutboxService(outbox: services.outbox, interval: configuration.outboxInterval, logger: logger))
    }
    app.addServices(BatchJobSweeper(runner: batchRunner, retention: configuration.jobRetention, logger: logger))
    app.addServices(Housekeeping(services: services, interval: configuration.housekeepingInterval, logger: logger))
    return app
}

struct HealthView: ResponseEncodable {
    var status: String
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
