import Foundation
import SignetModel
import SignetStore
import SignetTrust

/// Everything `signet serve` is configured with; flags and environment fill it in, tests
/// build it directly.
public struct ServerConfiguration: Sendable {
    /// Interface to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on.
    public var port = 8080
    /// The data folder: `signet.sqlite`, `outbox/`, blobs.
    public var dataDirectory = "data"
    /// Who seals finished documents; nil: the development identity in `<data>/keys/`.
    public var seal: SealIdentity?
    /// The base of links sent to customers; default `http://<host>:<port>`.
    public var publicBaseURL: String?
    /// How long a session lasts from its invitation, in seconds (default 7 days): an unopened
    /// link stops working then too; the agent can renew or re-engage.
    public var sessionLifetime: Double = 7 * 24 * 3600
    /// How long a completed session's customer may still open their link and download their
    /// copies and certificates, in seconds (default 30 days); then the link answers 410.
    public var downloadWindow: Double = 30 * 24 * 3600
    /// Whether the server sends scheduled reminders itself (tests drive them by hand).
    public var sendsReminders = true
    /// How often due reminders are looked for, in seconds.
    public var reminderInterval: Double = 5
    /// Least time between two reminders to one customer when an agent sends one by hand, in
    /// seconds (then 429): counted from the invitation or the last reminder.
    public var manualReminderSpacing: Double = 600
    /// Whether cookies are marked Secure (behind HTTPS).
    public var secureCookies = false
    /// Whether the server delivers the outbox itself (tests drive delivery by hand).
    public var deliversOutbox = true
    /// How often the outbox is polled, in seconds.
    public var outboxInterval: Double = 1
    /// The mail server invitations and reset mails go through; nil: files under `<data>/outbox`.
    public var smtp: SMTPSettings?
    /// The HTTP provider SMS invitations go through; nil: files under `<data>/outbox`.
    public var sms: SMSSettings?
    /// How webhooks are delivered: retry backoff, attempts, timeout, private receivers.
    public var webhooks = WebhookSettings()
    /// Failed logins allowed per account within `loginWindow`.
    public var loginAttempts = 5
    /// Failed logins allowed per client address (IPv6: per /64) within `loginWindow`, so one
    /// client cannot guess across many accounts either.
    public var loginAttemptsPerAddress = 20
    /// Password-reset requests answered per client address within `loginWindow` (then 429).
    public var resetRequestsPerAddress = 10
    /// Reset mails sent per email address within `loginWindow` (further requests still answer
    /// 202 and send nothing, so a mailbox cannot be flooded and accounts cannot be probed).
    public var resetMailsPerEmail = 3
    /// The rate-limit window, in seconds.
    public var loginWindow: Double = 15 * 60
    /// Verifications (`POST /api/v1/verify`, open to anyone) answered per client address
    /// within `loginWindow` (then 429): each hashes a whole PDF.
    public var verificationsPerAddress = 60
    /// Largest PDF `POST /api/v1/verify` reads, in bytes (413 past it).
    public var maxVerifyBytes = 24 << 20
    /// SHA-256 (lowercase hex) of the certificates this service seals with: a file carrying
    /// one of their seals that the record does not hold as finished is "altered" (every file
    /// the service seals is recorded), a file sealed by anyone else "unknown".
    public var sealCertificateDigests: Set<String> = []

    /// The templates agents pick from (one folder per template).
    public var templatesDirectory = "Templates"
    /// The browser pages (console, customer page, admin) served as static files.
    public var publicDirectory = "Public"
    /// Largest PDF an agent may upload, in bytes.
    public var maxDocumentBytes = 20 << 20
    /// Most pages an uploaded PDF may have.
    public var maxDocumentPages = 500
    /// Largest file a customer may upload for a document request, in bytes.
    public var maxCustomerFileBytes = 15 << 20
    /// How long a batch job's files (PDFs, report, zip) are kept after it ends, in seconds
    /// (default 7 days); its record stays.
    public var jobRetention: Double = 7 * 24 * 3600
    /// Most files one document request may hold, and their total size in bytes (a replaced
    /// file no longer counts).
    public var uploadQuota = UploadQuota(files: 20, bytes: 100 << 20)
    /// Most PDFs an agent may have staged in one session, and their total size in bytes.
    public var stagedUploadQuota = UploadQuota(files: 100, bytes: 1 << 30)
    /// Largest the previews folder may grow, in bytes; the least recently used go first.
    public var maxPreviewBytes = 1 << 30
    /// Largest the previews of one document may grow, in bytes.
    public var maxDocumentPreviewBytes = 64 << 20
    /// Live event streams one customer session may hold at once.
    public var streamsPerCustomer = 4
    /// Live event streams one agent or admin may hold at once.
    public var streamsPerUser = 8
    /// Seconds of quiet before a stream sends a keep-alive line (which also notices a client
    /// that left, freeing its place).
    public var streamKeepAlive: Double = 15
    /// How often, in seconds, housekeeping runs: expiries recorded, customer visits written,
    /// previews and scratch files pruned.
    public var housekeepingInterval: Double = 30
    /// How often, in seconds, the customer visits noted in memory are written (the console's
    /// "last seen"; customers' reads never write).
    public var presenceInterval: Double = 2

    /// The time-stamp authority that countersigns seals (PAdES B-T); nil: B-B seals.
    public var timeStamper: (any SignatureTimeStamper)?

    /// Creates a configuration with the defaults.
    public init() {}

    /// The base of customer links.
    public var linkBase: String { publicBaseURL ?? "http://\(host):\(port)" }

    /// The engine's bounds for documents that come in over HTTP.
    var engineLimits: EngineLimits {
        EngineLimits(maxFileBytes: max(maxDocumentBytes, maxCustomerFileBytes), maxPages: maxDocumentPages)
    }
}

/// A mail server for email invitations (`SIGNET_SMTP_HOST`, `SIGNET_SMTP_PORT`, `SIGNET_SMTP_FROM`).
public struct SMTPSettings: Sendable {
    public var host: String
    public var port: Int
    public var from: String

    /// Creates the settings.
    public init(host: String, port: Int = 25, from: String = "signet@localhost") {
        self.host = host
        self.port = port
        self.from = from
    }
}

/// An HTTP SMS provider (`SIGNET_SMS_URL`, `SIGNET_SMS_TOKEN`).
public struct SMSSettings: Sendable {
    public var url: URL
    public var token: String?

    /// Creates the settings.
    public init(url: URL, token: String?) {
        self.url = url
        self.token = token
    }
}
