import Foundation
import Logging
import ServiceLifecycle
import SignetModel
import SignetStore
import SignetTemplates

/// The services a server runs with, as `Bootstrap` assembles them from a configuration: the
/// store's repositories, delivery, the document engine and the use cases' shared parts.
package struct SignetServices: Sendable {
    /// The SQLite database when the service runs on SQLite, for what only it offers (tests' raw
    /// access, the record's audit); nil on PostgreSQL. The use cases reach the database only
    /// through `backend`.
    package let store: Store?
    /// The database, as the use cases see it.
    package let backend: any StoreBackend
    /// Accounts and logins.
    package let accounts: any AccountRepository
    /// Sessions.
    package let sessions: CustomerSessions
    /// Agents' address books.
    package let contacts: any ContactRepository
    /// Customer links and cookies.
    package let customers: any CustomerAccessRepository
    /// The session record.
    package let events: any EventRepository
    /// What admins set for the whole service (the default reminder plan).
    package let settings: any SettingsRepository
    /// Invitation delivery.
    package let outbox: OutboxDelivery
    /// Webhooks admins registered, and their deliveries.
    package let webhooks: any WebhookRepository
    /// One-time codes of sessions that ask for them.
    package let customerCodes: any CustomerCodeRepository
    /// Finished documents forwarded for approval.
    package let approvals: any ApprovalRepository
    /// Sends the webhooks' deliveries.
    package let webhookDelivery: WebhookDelivery
    /// How messages leave: the outbox's transport, also used for password resets.
    package let transport: any MessageTransport
    /// Sends password-reset mail in the background.
    package let resetMail: ResetMail
    /// Uploaded and finished documents, by content.
    package let blobs: any BlobStore
    /// Documents, requests, reviews, batches and workflows sent into sessions.
    package let interactions: SessionInteractions
    /// Admin-defined workflows.
    package let workflows: any WorkflowRepository
    /// Batch jobs started over HTTP.
    package let batchJobs: any BatchJobQueue
    /// Runs batch jobs in the background and keeps their live progress.
    package let batchRunner: BatchJobRunner
    /// Takes payments.
    package let payments: any PaymentProvider
    /// Payment requests whose provider call is running now.
    let paymentsInFlight = PaymentsInFlight()
    /// PDF work: the isolated worker pool in `signet serve`, the in-process engine in tests.
    package let engine: EngineRunner
    /// The identity that seals every finished document.
    package let sealKeys: SealKeys
    /// The engine's own service, when it has one (the worker pool of `signet serve`).
    let engineService: (any Service)?
    package let templates: TemplateLibrary
    let preparation: DocumentPreparation
    package let previews: PreviewCache
    /// When customers were last seen, written now and then by `Housekeeping`.
    package let presence = CustomerPresence()
    package let limits: EngineLimits
    package let configuration: ServerConfiguration

    /// Assembles the services over `store`; PDF work goes through `engine` (the isolated
    /// worker pool in `signet serve`). `Bootstrap` is the one caller.
    init(
        backend: any StoreBackend, sqlite: Store?, configuration: ServerConfiguration, transport: any MessageTransport,
        engine: EngineRunner, engineService: (any Service)?, payments: any PaymentProvider, bcryptCost: UInt8, logger: Logger
    ) {
        store = sqlite
        // Everything below reaches the database through the backend protocol only.
        self.backend = backend
        accounts = backend.accounts(bcryptCost: bcryptCost)
        var sessions = CustomerSessions(backend: backend, publicBaseURL: configuration.linkBase)
        customers = backend.customers(downloadWindow: configuration.downloadWindow)
        settings = backend.settings
        events = backend.events
        outbox = OutboxDelivery(outbox: backend.outbox, transport: transport)
        webhooks = backend.webhooks
        customerCodes = backend.customerCodes
        approvals = backend.approvals
        webhookDelivery = WebhookDelivery(webhooks: webhooks, settings: configuration.webhooks)
        self.transport = transport
        resetMail = ResetMail(transport: transport, logger: logger)
        blobs = FolderBlobStore(root: configuration.dataDirectory + "/blobs")
        sessions.lifetime = configuration.sessionLifetime
        self.sessions = sessions
        contacts = backend.contacts
        interactions = SessionInteractions(backend: backend)
        workflows = backend.workflows
        batchJobs = backend.batchJobs
        batchRunner = BatchJobRunner(
            jobs: batchJobs, root: configuration.dataDirectory + "/jobs", instance: configuration.instance, lease: configuration.jobLease,
            logger: logger)
        self.payments = payments
        self.engine = engine
        self.engineService = engineService
        sealKeys = SealKeys(configured: configuration.seal, folder: configuration.dataDirectory + "/keys")
        limits = configuration.engineLimits
        self.configuration = configuration
        templates = TemplateLibrary(
            directory: configuration.templatesDirectory, engine: engine, limits: limits, logger: Logger(label: "signet.templates"))
        preparation = DocumentPreparation(engine: engine, limits: limits)
        previews = PreviewCache(
            directory: configuration.dataDirectory + "/previews", engine: engine, limits: limits,
            budget: PreviewBudget(totalBytes: configuration.maxPreviewBytes, documentBytes: configuration.maxDocumentPreviewBytes))
    }

    /// Removes what requests cut short by a crash or a `kill -9` left behind: their scratch
    /// folders and the hidden files of blob and preview writes that never got their final
    /// name. Nothing refers to them; called before serving, when no request of this instance is
    /// running. With a data folder shared by several instances (PostgreSQL), only what was last
    /// changed before `before` goes: the others' requests may be writing the rest right now.
    func removeInterruptedWork(before: Date? = nil) throws {
        let files = FileManager.default
        func stale(_ path: String) -> Bool {
            guard let before else { return true }
            let changed = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            return (changed ?? .distantPast) < before
        }
        // The folder itself stays: sandboxed workers were granted it by its inode (Landlock).
        let scratch = configuration.dataDirectory + "/tmp"
        for leftover in (try? files.contentsOfDirectory(atPath: scratch)) ?? [] where stale(scratch + "/" + leftover) {
            try files.removeItem(atPath: scratch + "/" + leftover)
        }
        // Half-written blobs of the folder store, and previews.
        for folder in [configuration.dataDirectory + "/blobs", configuration.dataDirectory + "/previews"] {
            guard let walker = files.enumerator(atPath: folder) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = folder + "/" + relative
                if (relative as NSString).lastPathComponent.hasPrefix(".") && stale(path) { try files.removeItem(atPath: path) }
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
    package func scratchDirectory() throws -> String {
        let path = "\(configuration.dataDirectory)/tmp/\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
