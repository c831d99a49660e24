import Foundation
import SignetModel

/// Everything `signet serve` is configured with; flags and environment fill it in, tests
/// build it directly.
public struct ServerConfiguration: Sendable {
    /// Interface to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on.
    public var port = 8080
    /// The data folder: `signet.sqlite`, `outbox/`, blobs.
    public var dataDirectory = "data"
    /// The base of links sent to customers; default `http://<host>:<port>`.
    public var publicBaseURL: String?
    /// How long a session lasts from the customer's first visit, in seconds (default 7 days).
    public var sessionLifetime: Double = 7 * 24 * 3600
    /// Whether cookies are marked Secure (behind HTTPS).
    public var secureCookies = false
    /// Whether the server delivers the outbox itself (tests drive delivery by hand).
    public var deliversOutbox = true
    /// How often the outbox is polled, in seconds.
    public var outboxInterval: Double = 1
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

    /// Creates a configuration with the defaults.
    public init() {}

    /// The base of customer links.
    public var linkBase: String { publicBaseURL ?? "http://\(host):\(port)" }

    /// The engine's bounds for documents that come in over HTTP.
    var engineLimits: EngineLimits { EngineLimits(maxFileBytes: max(maxDocumentBytes, maxCustomerFileBytes), maxPages: maxDocumentPages) }
}
