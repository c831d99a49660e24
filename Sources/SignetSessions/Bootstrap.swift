import Foundation
import Logging
import ServiceLifecycle
import SignetModel
import SignetStore
import SignetTemplates

/// Configuration in, services out: the one place the service is wired, used by `signet serve`
/// and by the tests alike. It makes the data folders, opens the store, picks the transports
/// the configuration names, recovers what a crash left behind, and lists the background
/// services the server runs beside its routes.
package struct Bootstrap: Sendable {
    /// What the service is configured with.
    package var configuration: ServerConfiguration
    /// PDF work: the isolated worker pool in `signet serve`, the in-process engine in tests.
    package var engine: EngineRunner
    /// The engine's own service, when it has one (the worker pool of `signet serve`, see
    /// `WorkerPoolService`): run with the server and stopped after everything else.
    package var engineService: (any Service)?
    /// Takes payments (the sandbox by default).
    package var payments: any PaymentProvider = SandboxPayments()
    /// How messages leave; nil: as the configuration says (files under `<data>/outbox`, or
    /// SMTP and an SMS provider when configured).
    package var transport: (any MessageTransport)?
    /// Keeps the database in a scratch file rather than in `<data>/signet.sqlite` (tests); no
    /// effect with a PostgreSQL database (`ServerConfiguration.databaseURL`).
    package var inMemory = false
    /// bcrypt's cost for new passwords (tests lower it).
    package var bcryptCost: UInt8 = 12
    /// The server's logger, also given to the background services.
    package var logger = Logger(label: "signet.server")

    /// Starts from `configuration` with PDF work through `engine`.
    package init(configuration: ServerConfiguration, engine: EngineRunner) {
        self.configuration = configuration
        self.engine = engine
    }

    /// The folders a PDF worker may read (stored documents, templates) and write (scratch
    /// files, previews, batch outputs), made if missing: a sandboxed worker is granted only
    /// folders that exist when it starts. The database, the outbox and everything else in the
    /// data folder stay out of its reach.
    package static func workerFolders(_ configuration: ServerConfiguration) throws -> (reading: [String], writing: [String]) {
        let data = configuration.dataDirectory
        let reading = [data + "/blobs", configuration.templatesDirectory]
        let writing = [data + "/tmp", data + "/previews", data + "/jobs"]
        for folder in reading + writing {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        return (reading, writing)
    }

    /// The services, ready to serve: folders made, store open (and migrated), batch jobs a
    /// previous run of this (SQLite) instance left running taken over or failed, interrupted
    /// writes removed.
    package func start() async throws -> SignetServices {
        let data = configuration.dataDirectory
        _ = try Self.workerFolders(configuration)
        try FileManager.default.createDirectory(atPath: data + "/outbox", withIntermediateDirectories: true)
        let backend: any StoreBackend
        let sqlite: Store?
        if let url = configuration.databaseURL {
            backend = try await PostgresStore.open(url: url, logger: logger)
            sqlite = nil
        } else {
            let store = inMemory ? try Store.temporary() : try Store.open(path: data + "/signet.sqlite")
            backend = store
            sqlite = store
        }
        let services = SignetServices(
            backend: backend, sqlite: sqlite, configuration: configuration, transport: transport ?? configuredTransport(), engine: engine,
            engineService: engineService, payments: payments, bcryptCost: bcryptCost, logger: logger)
        // One SQLite database is never shared: what a previous process left running is nobody
        // else's. On PostgreSQL, other instances may be running those jobs; a dead one's lease
        // runs out and the job is taken over.
        if let sqlite { try await BatchJobs(store: sqlite).releaseInterrupted() }
        services.batchRunner.build { [services] job, resume in try await BatchJobStart(services: services).work(for: job, resume: resume) }
        // An hour: far longer than any request runs.
        try services.removeInterruptedWork(before: sqlite == nil ? Date().addingTimeInterval(-3600) : nil)
        return services
    }

    /// Invitations go to files under the data folder unless a real transport is configured:
    /// SMTP for email, an HTTP provider for SMS.
    func configuredTransport() -> any MessageTransport {
        let files = FileTransport(directory: configuration.dataDirectory + "/outbox")
        var email: any MessageTransport = files
        var sms: any MessageTransport = files
        if let smtp = configuration.smtp { email = SMTPTransport(host: smtp.host, port: smtp.port, from: smtp.from) }
        if let provider = configuration.sms { sms = HTTPSMSTransport(url: provider.url, token: provider.token) }
        return ChannelTransport(sms: sms, email: email)
    }
}

extension SignetServices {
    /// What runs beside the routes until shutdown, registered here and nowhere else: the
    /// engine's own service, reset mail, the batch job runner, outbox and webhook delivery
    /// (unless tests drive them by hand), the batch jobs' file sweep, housekeeping and customer visits. The application's one
    /// ServiceGroup starts them with the HTTP server and stops them on a graceful shutdown
    /// (SIGTERM, SIGINT) in reverse order, after the HTTP server has answered the requests it
    /// had; so the engine comes first (stopped last: requests still running finish their PDF work).
    package func backgroundServices(logger: Logger) -> [any Service] {
        var services: [any Service] = []
        if let engineService { services.append(engineService) }
        services.append(resetMail)
        services.append(batchRunner)
        if configuration.deliversOutbox {
            services.append(OutboxService(outbox: outbox, interval: configuration.outboxInterval, logger: logger))
            services.append(WebhookService(delivery: webhookDelivery, interval: configuration.outboxInterval, logger: logger))
        }
        if configuration.sendsReminders {
            services.append(ReminderService(sessions: sessions, interval: configuration.reminderInterval, logger: logger))
        }
        services.append(BatchJobSweeper(runner: batchRunner, retention: configuration.jobRetention, logger: logger))
        services.append(Housekeeping(services: self, interval: configuration.housekeepingInterval, logger: logger))
        services.append(PresenceFlush(services: self, interval: configuration.presenceInterval, logger: logger))
        return services
    }
}
