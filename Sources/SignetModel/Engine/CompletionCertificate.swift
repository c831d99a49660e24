import Foundation

/// What a certificate of completion says about one finished document: who took part, every
/// event of the document with its time (UTC), actor, IP address, user agent and channel, the
/// SHA-256 of the original and of the finished PDF, the seal's certificate, and the record's
/// head hash at completion, which ties the PDF to the hash-chained record.
public struct CompletionCertificate: Codable, Hashable, Sendable {
    /// A person taking part.
    public struct Party: Codable, Hashable, Sendable {
        public var role: String
        public var name: String
        /// Email address or phone number.
        public var contact: String?

        public init(role: String, name: String, contact: String?) {
            self.role = role
            self.name = name
            self.contact = contact
        }
    }

    /// One row of the event table.
    public struct Event: Codable, Hashable, Sendable {
        /// The record's row id.
        public var id: Int64
        public var at: Date
        public var actor: String
        public var ip: String?
        public var userAgent: String?
        /// How the actor reached Signet: `email`, `sms`, `customer link`, `agent account`, `server`.
        public var channel: String
        /// What happened, in words.
        public var what: String

        public init(id: Int64, at: Date, actor: String, ip: String?, userAgent: String?, channel: String, what: String) {
            self.id = id
            self.at = at
            self.actor = actor
            self.ip = ip
            self.userAgent = userAgent
            self.channel = channel
            self.what = what
        }
    }

    /// The certificate the finished document is sealed with; nil while no seal is configured.
    public struct Seal: Codable, Hashable, Sendable {
        public var subject: String
        /// SHA-256 of the certificate's DER, hex.
        public var fingerprint: String

        public init(subject: String, fingerprint: String) {
            self.subject = subject
            self.fingerprint = fingerprint
        }
    }

    public var documentTitle: String
    public var session: String
    public var interaction: String
    /// The template version or the uploaded file name the document came from.
    public var source: String
    public var pageCount: Int
    public var completedAt: Date
    public var parties: [Party]
    public var events: [Event]
    public var originalSHA256: String
    public var finishedSHA256: String
    public var seal: Seal?
    /// The record's hash chain at the completion event, and that event's row id.
    public var headHash: String
    public var headEvent: Int64

    public init(
        documentTitle: String, session: String, interaction: String, source: String, pageCount: Int, completedAt: Date,
        parties: [Party], events: [Event], originalSHA256: String, finishedSHA256: String, seal: Seal?, headHash: String,
        headEvent: Int64
    ) {
        self.documentTitle = documentTitle
        self.session = session
        self.interaction = interaction
        self.source = source
        self.pageCount = pageCount
        self.completedAt = completedAt
        self.parties = parties
        self.events = events
        self.originalSHA256 = originalSHA256
        self.finishedSHA256 = finishedSHA256
        self.seal = seal
        self.headHash = headHash
        self.headEvent = headEvent
    }
}

/// Ask for a certificate of completion, drawn as its own PDF.
public struct CertificateRequest: Codable, Hashable, Sendable {
    public var certificate: CompletionCertificate
    /// Output PDF path (written atomically).
    public var output: String

    public init(certificate: CompletionCertificate, output: String) {
        self.certificate = certificate
        self.output = output
    }
}

/// The certificate that was written.
public struct CertificateReport: Codable, Hashable, Sendable {
    public var output: String
    public var pages: Int

    public init(output: String, pages: Int) {
        self.output = output
        self.pages = pages
    }
}
