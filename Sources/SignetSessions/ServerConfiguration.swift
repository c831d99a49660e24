import Foundation
import SignetModel
import SignetStore
import SignetTrust

/// Everything `signet serve` is configured with; flags and environment fill it in, tests
/// build it directly.
package struct ServerConfiguration: Sendable {
    /// Interface to listen on.
    package var host = "127.0.0.1"
    /// Port to listen on.
    package var port = 8080
    /// The data folder: `signet.sqlite`, `outbox/`, blobs.
    package var dataDirectory = "data"
    /// A PostgreSQL database (`postgres://user@host:port/database`) instead of SQLite in the
    /// data folder; several instances may share it.
    package var databaseURL: String?
    /// Who seals finished documents; nil: the development identity in `<data>/keys/`.
    package var seal: SealIdentity?
    /// The base of links sent to customers; default `http://<host>:<port>`.
    package var publicBaseURL: String?
    /// How long a session lasts from its invitation, in seconds (default 7 days): an unopened
    /// link stops working then too; the agent can renew or re-engage.
    package var sessionLifetime: Double = 7 * 24 * 3600
    /// How long a completed session's customer may still open their link and download their
    /// copies and certificates, in seconds (default 30 days); then the link answers 410.
    package var downloadWindow: Double = 30 * 24 * 3600
    /// Whether the server sends scheduled reminders itself (tests drive them by hand).
    package var sendsReminders = true
    /// How often due reminders are looked for, in seconds.
    package var reminderInterval: Double = 5
    /// Least time between two reminders to one customer when an agent sends one by hand, in
    /// seconds (then 429): counted from the invitation or the last reminder.
    package var manualReminderSpacing: Double = 600
    /// Whether cookies are marked Secure (behind HTTPS).
    package var secureCookies = false
    /// Whether the server delivers the outbox itself (tests drive delivery by hand).
    package var deliversOutbox = true
    /// How often the outbox is polled, in seconds.
    package var outboxInterval: Double = 1
    /// The mail server invitations and reset mails go through; nil: files under `<data>/outbox`.
    package var smtp: SMTPSettings?
    /// The HTTP provider SMS invitations go through; nil: files under `<data>/outbox`.
    package var sms: SMSSettings?
    /// How webhooks are delivered: retry backoff, attempts, timeout, private receivers.
    package var webhooks = WebhookSettings()
    /// Failed logins allowed per account within `loginWindow`.
    package var loginAttempts = 5
    /// Failed logins allowed per client address (IPv6: per /64) within `loginWindow`, so one
    /// client cannot guess across many accounts either.
    package var loginAttemptsPerAddress = 20
    /// Password-reset requests answered per client address within `loginWindow` (then 429).
    package var resetRequestsPerAddress = 10
    /// Reset mails sent per email address within `loginWindow` (further requests still answer
    /// 202 and send nothing, so a mailbox cannot be flooded and accounts cannot be probed).
    package var resetMailsPerEmail = 3
    /// The rate-limit window, in seconds.
    package var loginWindow: Double = 15 * 60
    /// Verifications (`POST /api/v1/verify`, open to anyone) answered per client address
    /// within `loginWindow` (then 429): each hashes a whole PDF.
    package var verificationsPerAddress = 60
    /// Largest PDF `POST /api/v1/verify` reads, in bytes (413 past it).
    package var maxVerifyBytes = 24 << 20
    /// SHA-256 (lowercase hex) of the certificates this service seals with: a file carrying
    /// one of their seals that the record does not hold as finished is "altered" (every file
    /// the service seals is recorded), a file sealed by anyone else "unknown".
    package var sealCertificateDigests: Set<String> = []

    /// The templates agents pick from (one folder per template).
    package var templatesDirectory = "Templates"
    /// The browser pages (console, customer page, admin) served as static files.
    package var publicDirectory = "Public"
    /// Largest PDF an agent may upload, in bytes.
    package var maxDocumentBytes = 20 << 20
    /// Most pages an uploaded PDF may have.
    package var maxDocumentPages = 500
    /// Largest file a customer may upload for a document request, in bytes.
    package var maxCustomerFileBytes = 15 << 20
    /// How long a batch job's files (PDFs, report, zip) are kept after it ends, in seconds
    /// (default 7 days); its record stays.
    package var jobRetention: Double = 7 * 24 * 3600
    /// Seconds a batch job stays claimed by an instance that stopped renewing it (its
    /// heartbeat comes every third of this): after that, another instance takes the job over.
    package var jobLease: Double = 60
    /// This instance's name among the instances on one database (in the batch jobs it claims):
    /// host, process and a random part, unique per process.
    package var instance = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    /// Most files one document request may hold, and their total size in bytes (a replaced
    /// file no longer counts).
    package var uploadQuota = UploadQuota(files: 20, bytes: 100 << 20)
    /// Most PDFs an agent may have staged in one session, and their total size in bytes.
    package var stagedUploadQuota = UploadQuota(files: 100, bytes: 1 << 30)
    /// Largest the previews folder may grow, in bytes; the least recently used go first.
    package var maxPreviewBytes = 1 << 30
    /// Largest the previews of one document may grow, in bytes.
    package var maxDocumentPreviewBytes = 64 << 20
    /// Live event streams one customer session may hold at once.
    package var streamsPerCustomer = 4
    /// Live event streams one agent or admin may hold at once.
    package var streamsPerUser = 8
    /// Seconds of quiet before a stream sends a keep-alive line (which also notices a client
    /// that left, freeing its place).
    package var streamKeepAlive: Double = 15
    /// How often, in seconds, housekeeping runs: expiries recorded, customer visits written,
    /// previews and scratch files pruned.
    package var housekeepingInterval: Double = 30
    /// How often, in seconds, the customer visits noted in memory are written (the console's
    /// "last seen"; customers' reads never write).
    package var presenceInterval: Double = 2

    /// The time-stamp authority that countersigns seals (PAdES B-T); nil: B-B seals.
    package var timeStamper: (any SignatureTimeStamper)?

    /// Creates a configuration with the defaults.
    package init() {}

    /// The base of customer links.
    package var linkBase: String { publicBaseURL ?? "http://\(host):\(port)" }

    /// The engine's bounds for documents that come in over HTTP.
    var engineLimits: EngineLimits {
        EngineLimits(maxFileBytes: max(maxDocumentBytes, maxCustomerFileBytes), maxPages: maxDocumentPages)
    }
}

/// A mail server for email invitations (`SIGNET_SMTP_HOST`, `SIGNET_SMTP_PORT`, `SIGNET_SMTP_FROM`).
package struct SMTPSettings: Sendable {
    package var host: String
    package var port: Int
    package var from: String

    /// Creates the settings.
    package init(host: String, port: Int = 25, from: String = "signet@localhost") {
        self.host = host
        self.port = port
        self.from = from
    }
}

/// An HTTP SMS provider (`SIGNET_SMS_URL`, `SIGNET_SMS_TOKEN`).
package struct SMSSettings: Sendable {
    package var url: URL
    package var token: String?

    /// Creates the settings.
    package init(url: URL, token: String?) {
        self.url = url
        self.token = token
    }
}
