import Foundation

/// What a certificate of completion says about one finished document: who took part, every
/// event of the document with its time (UTC), actor, IP address, user agent and channel, the
/// SHA-256 of the original and of the finished PDF, the seal's certificate, and the record's
/// head hash at completion, which ties the PDF to the hash-chained record.
package struct CompletionCertificate: Codable, Hashable, Sendable {
    /// A person taking part.
    package struct Party: Codable, Hashable, Sendable {
        package var role: String
        package var name: String
        /// Email address or phone number.
        package var contact: String?

        package init(role: String, name: String, contact: String?) {
            self.role = role
            self.name = name
            self.contact = contact
        }
    }

    /// One row of the event table.
    package struct Event: Codable, Hashable, Sendable {
        /// The record's row id.
        package var id: Int64
        package var at: Date
        package var actor: String
        package var ip: String?
        package var userAgent: String?
        /// How the actor reached Signet: `email`, `sms`, `customer link`, `agent account`, `server`.
        package var channel: String
        /// What happened, in words.
        package var what: String

        package init(id: Int64, at: Date, actor: String, ip: String?, userAgent: String?, channel: String, what: String) {
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
    package struct Seal: Codable, Hashable, Sendable {
        package var subject: String
        /// SHA-256 of the certificate's DER, hex.
        package var fingerprint: String

        package init(subject: String, fingerprint: String) {
            self.subject = subject
            self.fingerprint = fingerprint
        }
    }

    package var documentTitle: String
    package var session: String
    package var interaction: String
    /// The template version or the uploaded file name the document came from.
    package var source: String
    package var pageCount: Int
    package var completedAt: Date
    package var parties: [Party]
    package var events: [Event]
    package var originalSHA256: String
    package var finishedSHA256: String
    package var seal: Seal?
    /// The record's hash chain at the completion event, and that event's row id.
    package var headHash: String
    package var headEvent: Int64

    package init(
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
package struct CertificateRequest: Codable, Hashable, Sendable {
    package var certificate: CompletionCertificate
    /// Output PDF path (written atomically).
    package var output: String

    package init(certificate: CompletionCertificate, output: String) {
        self.certificate = certificate
        self.output = output
    }
}

/// The certificate that was written.
package struct CertificateReport: Codable, Hashable, Sendable {
    package var output: String
    package var pages: Int

    package init(output: String, pages: Int) {
        self.output = output
        self.pages = pages
    }
}
