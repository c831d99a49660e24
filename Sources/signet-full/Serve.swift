import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SignetCommandLine
import SignetModel
import SignetServer
import SignetSessions
import SignetStore
import SignetTrust
import SignetWorkers

/// `signet serve`: the HTTP service with its SQLite store and outbox under `--data`. On a fresh
/// data folder it creates the admin account: from SIGNET_ADMIN_EMAIL / SIGNET_ADMIN_PASSWORD
/// when set, otherwise a demo account whose password it writes to `<data>/initial-admin-password`
/// (only the owner may read it; nothing secret goes to the terminal or the logs).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the Signet service (HTTP API, customer links, outbox).")

    @Option(help: "Interface to listen on (env SIGNET_HOST).") var host = ProcessInfo.processInfo.environment["SIGNET_HOST"] ?? "127.0.0.1"
    @Option(help: "Port (env SIGNET_PORT).") var port = Environment.int("SIGNET_PORT") ?? 8080
    @Option(
        name: .customLong("database"),
        help: "A PostgreSQL database, postgres://user@host:port/database (env SIGNET_DATABASE_URL); default SQLite in the data folder.")
    var database = ProcessInfo.processInfo.environment["SIGNET_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    @Option(help: "Data folder: database, outbox, documents (env SIGNET_DATA).") var data =
        ProcessInfo.processInfo.environment["SIGNET_DATA"] ?? "data"
    @Option(help: "Base URL of links sent to customers (env SIGNET_PUBLIC_URL); default http://HOST:PORT.")
    var publicURL = ProcessInfo.processInfo.environment["SIGNET_PUBLIC_URL"]

    @Option(help: "Days a session lasts from its invitation unless it names a lifetime (env SIGNET_SESSION_DAYS).")
    var sessionDays = Environment.double("SIGNET_SESSION_DAYS") ?? 7

    @Option(help: "Days a completed session's customer may still download their copies (env SIGNET_DOWNLOAD_DAYS).")
    var downloadDays = Environment.double("SIGNET_DOWNLOAD_DAYS") ?? 30

    @Option(help: "Days a batch job's PDFs, report and zip are kept after it ends (env SIGNET_JOB_RETENTION_DAYS).")
    var jobRetentionDays = Environment.double("SIGNET_JOB_RETENTION_DAYS") ?? 7

    @Option(
        help:
            "Seconds a batch job stays with an instance that stopped renewing it before another takes it over (env SIGNET_JOB_LEASE)."
    )
    var jobLease = Environment.double("SIGNET_JOB_LEASE") ?? 60

    @Option(help: "Folder of templates agents pick from (env SIGNET_TEMPLATES).")
    var templates = ProcessInfo.processInfo.environment["SIGNET_TEMPLATES"] ?? "Templates"

    @Option(name: .customLong("public"), help: "Folder of the browser pages (env SIGNET_PUBLIC).")
    var publicDirectory = ProcessInfo.processInfo.environment["SIGNET_PUBLIC"] ?? "Public"

    @Option(help: "PDF worker processes (env SIGNET_WORKERS); default one per core.")
    var workers = Environment.int("SIGNET_WORKERS") ?? ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seconds one document may take before its worker is stopped (env SIGNET_TIMEOUT).")
    var timeout: Double = Environment.double("SIGNET_TIMEOUT") ?? 30

    @Option(name: .customLong("memory-mb"), help: "Memory limit of a worker process in MiB (env SIGNET_WORKER_MEMORY_MB).")
    var memoryMB: Int = Environment.int("SIGNET_WORKER_MEMORY_MB") ?? 1024

    @OptionGroup var timeStamps: TimeStampOptions

    func validate() throws {
        guard sessionDays > 0 && sessionDays <= 365 else { throw ValidationError("--session-days must be between 0 and 365") }
        guard downloadDays > 0 && downloadDays <= 3650 else { throw ValidationError("--download-days must be between 0 and 3650") }
        guard jobRetentionDays > 0 && jobRetentionDays <= 3650 else {
            throw ValidationError("--job-retention-days must be between 0 and 3650")
        }
        guard jobLease >= 1 && jobLease <= 3600 else { throw ValidationError("--job-lease must be between 1 and 3600 seconds") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
        guard timeout > 0, memoryMB >= 128 else { throw ValidationError("--timeout must be positive and --memory-mb at least 128") }
        if let database, PostgresStore.Address(database) == nil {
            throw ValidationError("--database must look like postgres://user@host:port/database")
        }
    }

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = data
        configuration.databaseURL = database
        configuration.publicBaseURL = publicURL
        configuration.sessionLifetime = sessionDays * 24 * 3600
        configuration.jobRetention = jobRetentionDays * 24 * 3600
        configuration.jobLease = jobLease
        configuration.downloadWindow = downloadDays * 24 * 3600
        configuration.secureCookies = publicURL?.hasPrefix("https://") ?? false
        configuration.templatesDirectory = templates
        configuration.publicDirectory = publicDirectory
        configuration.smtp = smtp()
        configuration.sms = try sms()
        configuration.webhooks = try webhooks()
        configuration.seal = try SealKeyOptions().identity()
        configuration.timeStamper = try timeStamps.timeStamper()
        // Every PDF a request touches is opened in an isolated worker process, never in the
        // server, and that worker reaches only the folders Bootstrap names, which exist before
        // the first worker starts.
        let folders = try Bootstrap.workerFolders(configuration)
        let pool = WorkerPool(
            executable: Executable.engine, limits: WorkerLimits(timeoutSeconds: timeout, memoryMB: memoryMB, workers: workers),
            access: WorkerAccess(reading: folders.reading, writing: folders.writing))
        var bootstrap = Bootstrap(configuration: configuration, engine: pool.engine)
        bootstrap.engineService = WorkerPoolService(pool)
        let services = try await bootstrap.start()
        // Two workers start (and warm up) with the service, so the first documents requests open
        // do not wait for one; the rest start on demand (each holds ~45 MB, idle).
        pool.prestart(2)
        try logSeal(services.sealKeys, configured: configuration.seal != nil)
        // Probed once the database and the development keys exist: reading them must be refused,
        // not merely find nothing (so only files that are there are tried; on PostgreSQL there is
        // no database file).
        let secrets = [data + "/signet.sqlite", data + "/keys"].filter { FileManager.default.fileExists(atPath: $0) }
        await logSandbox(pool, forbidden: secrets)
        Logger(label: "signet.store").info("the database is \(services.backend.description)")
        try await ensureAdmin(services.accounts)
        print("Signet is serving on http://\(host):\(port) (data in \(data); invitations are written to \(data)/outbox/)")
        try await buildApplication(services: services).runService()
    }

    /// Says at start-up which identity seals finished documents, making the development one
    /// on the first start without a configured key.
    private func logSeal(_ keys: SealKeys, configured: Bool) throws {
        let logger = Logger(label: "signet.seal")
        let (identity, created) = try keys.identity()
        let metadata: Logger.Metadata = ["subject": "\(identity.subject)", "sha256": "\(identity.fingerprint)"]
        if configured {
            logger.info("finished documents are sealed with the configured key", metadata: metadata)
        } else if created {
            logger.warning(
                "created a development seal key and CA in \(data)/keys/ (set SIGNET_SEAL_KEY and SIGNET_SEAL_CERT, or SIGNET_SEAL_P12, for a real one)",
                metadata: metadata)
        } else {
            logger.warning("finished documents are sealed with the development key in \(data)/keys/", metadata: metadata)
        }
    }

    /// Says at start-up how the workers are confined, as one of them found by trying: a socket,
    /// an exec and reading the database must all be refused.
    private func logSandbox(_ pool: WorkerPool, forbidden: [String]) async {
        let logger = Logger(label: "signet.workers")
        guard let probe = try? await pool.engine(SandboxProbeRequest(readPaths: forbidden)) else {
            return logger.error("the worker sandbox could not be checked: a worker did not answer its probe")
        }
        let status = probe.status
        let refused = probe.attempts.filter(\.refused).map(\.action)
        let allowed = probe.attempts.filter { !$0.refused }.map(\.action)
        let metadata: Logger.Metadata = [
            "seccomp": "\(status.seccomp)", "landlock": "\(status.landlock)", "landlockABI": "\(status.landlockABI)",
            "emptyEnvironment": "\(status.emptyEnvironment)", "refused": "\(refused.joined(separator: ", "))",
        ]
        if status.seccomp && status.landlock && status.emptyEnvironment && allowed.isEmpty {
            logger.info("workers are sandboxed", metadata: metadata)
        } else {
            logger.warning(
                "workers are only partly sandboxed",
                metadata: metadata.merging(
                    ["allowed": "\(allowed.joined(separator: ", "))", "notes": "\(status.notes.joined(separator: "; "))"]) { $1 })
        }
    }

    /// Email goes through a mail server when SIGNET_SMTP_HOST is set (+ SIGNET_SMTP_PORT,
    /// SIGNET_SMTP_FROM); otherwise, like SMS, to files under the data folder.
    private func smtp() -> SMTPSettings? {
        let env = ProcessInfo.processInfo.environment
        guard let host = env["SIGNET_SMTP_HOST"], !host.isEmpty else { return nil }
        return SMTPSettings(
            host: host, port: env["SIGNET_SMTP_PORT"].flatMap { Int($0) } ?? 25, from: env["SIGNET_SMTP_FROM"] ?? "signet@localhost")
    }

    /// Webhook deliveries are retried after SIGNET_WEBHOOK_RETRY_SECONDS (default 30, doubling);
    /// SIGNET_WEBHOOK_ALLOW_PRIVATE=1 lets receivers on loopback and private addresses in.
    private func webhooks() throws -> WebhookSettings {
        let env = ProcessInfo.processInfo.environment
        var settings = WebhookSettings()
        if let raw = env["SIGNET_WEBHOOK_RETRY_SECONDS"] {
            guard let base = Double(raw), base > 0, base <= 86400 else {
                throw ValidationError("SIGNET_WEBHOOK_RETRY_SECONDS must be a number of seconds between 0 and 86400")
            }
            settings.retryBase = base
        }
        settings.allowPrivate = env["SIGNET_WEBHOOK_ALLOW_PRIVATE"] == "1"
        return settings
    }

    /// SMS goes through an HTTP provider when SIGNET_SMS_URL is set (+ SIGNET_SMS_TOKEN).
    private func sms() throws -> SMSSettings? {
        let env = ProcessInfo.processInfo.environment
        guard let raw = env["SIGNET_SMS_URL"], !raw.isEmpty else { return nil }
        guard let url = URL(string: raw), url.scheme == "https" || url.scheme == "http" else {
            throw ValidationError("SIGNET_SMS_URL must be an http(s) URL")
        }
        return SMSSettings(url: url, token: env["SIGNET_SMS_TOKEN"])
    }

    private func ensureAdmin(_ accounts: any AccountRepository) async throws {
        guard try await accounts.count() == 0 else { return }
        // Instances starting together over one database and data folder: one makes the admin
        // (and writes the demo password) under the data folder's lock (the kernel's, released
        // when the file closes or the process dies); the others wait, then find it made.
        let lockPath = data + "/.first-admin.lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw ValidationError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw ValidationError("cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        guard try await accounts.count() == 0 else { return }
        let env = ProcessInfo.processInfo.environment
        if let email = env["SIGNET_ADMIN_EMAIL"], let password = env["SIGNET_ADMIN_PASSWORD"] {
            do {
                _ = try await accounts.create(email: email, name: "Administrator", role: .admin, password: password)
            } catch let error as SignetModel.SignetError where error.field == "email" {
                // Another instance on the same PostgreSQL database made it a moment ago.
                guard try await accounts.count() > 0 else { throw error }
                return
            }
            print("Created the admin account \(email).")
        } else {
            let password = "demo-" + SecretToken.make().prefix(12)
            let path = data + "/initial-admin-password"
            // Written first, so an account is never made whose password nobody can read.
            try Self.writeSecret(password + "\n", to: path)
            do {
                _ = try await accounts.create(email: "admin@signet.local", name: "Demo admin", role: .admin, password: String(password))
            } catch {
                try? FileManager.default.removeItem(atPath: path)
                throw error
            }
            print("Created a demo admin account admin@signet.local; its password is in \(path) (delete the file once you have logged in).")
        }
    }

    /// Writes a new file only the owner may read (mode 0600), refusing one that exists: a file
    /// planted there beforehand, perhaps a link elsewhere, is never written through.
    static func writeSecret(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ValidationError(
                "cannot create \(path): \(String(cString: strerror(errno))); remove it, or set SIGNET_ADMIN_EMAIL and SIGNET_ADMIN_PASSWORD"
            )
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// `signet user add`: accounts for operators.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage agent and admin accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Create an account; the password comes from SIGNET_PASSWORD or stdin.")

        @Option(help: "Email address.") var email: String
        @Option(help: "agent or admin.") var role: UserRecord.Role = .agent
        @Option(help: "Display name.") var name = ""
        @Option(help: "Data folder (env SIGNET_DATA).") var data = ProcessInfo.processInfo.environment["SIGNET_DATA"] ?? "data"
        @Option(help: "A PostgreSQL database instead of SQLite in the data folder (env SIGNET_DATABASE_URL).")
        var database = ProcessInfo.processInfo.environment["SIGNET_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

        func run() async throws {
            // Never from a flag: it would stay in the shell history and the process list.
            let password = ProcessInfo.processInfo.environment["SIGNET_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            let accounts: any AccountRepository
            do {
                if let database {
                    accounts = try await PostgresStore.open(url: database).accounts(bcryptCost: 12)
                } else {
                    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
                    accounts = Accounts(store: try Store.open(path: data + "/signet.sqlite"))
                }
            } catch let error as SignetModel.SignetError {
                throw Output.fail(error, json: false)
            }
            do {
                let user = try await accounts.create(email: email, name: name, role: role, password: password)
                print("Created \(user.role.rawValue) \(user.email) (\(user.id))")
            } catch let error as SignetModel.SignetError {
                throw Output.fail(error, json: false)
            }
        }
    }
}

extension UserRecord.Role: ExpressibleByArgument {}
