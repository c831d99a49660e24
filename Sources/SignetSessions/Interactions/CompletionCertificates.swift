import Foundation
import Logging
import SignetModel
import SignetStore
import SignetTemplates

/// Certificates of completion: one separate, sealed PDF per finished document, drawn by the
/// engine from the record as it stood at the document's completion event, so issuing it
/// again later (after a crash between finishing and issuing) gives the same content, with the
/// same head hash. Kept as a blob named in the document's payload; its issue is recorded.
package struct CompletionCertificates: Sendable {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    /// Issues the certificate of a document that has just been finished. A failure is logged
    /// and leaves it to be issued at its first download: the customer's finish stands.
    func issueAfterFinish(_ record: InteractionRecord, session: SessionRecord) async -> InteractionRecord {
        do {
            _ = try await blob(for: record, session: session)
            return try await services.interactions.find(record.id, session: session.id) ?? record
        } catch {
            Logger(label: "signet.certificates").error(
                "certificate of completion not issued yet", metadata: ["interaction": "\(record.id)", "error": "\(error)"])
            return record
        }
    }

    /// The certificate's blob, issued now when it has not been yet. 404 for anything but a
    /// document, 409 before the document is completed.
    package func blob(for record: InteractionRecord, session: SessionRecord) async throws -> String {
        guard let document = record.payload.document else {
            throw SignetError(.notFound, "only a document has a certificate of completion")
        }
        if let issued = document.certificate { return issued }
        guard record.status == .completed, let finished = document.finished else {
            throw SignetError(
                .conflict,
                "the document is not completed yet: its certificate of completion is issued when it is finished; it is \(record.status.rawValue)"
            )
        }
        let content = try await certificate(record, document: document, finished: finished, session: session)
        let work = try services.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let request = CertificateRequest(certificate: content, output: work + "/certificate.pdf")
        let report = try await services.engine(request)
        let blob = try await services.storeSealed(report.output, work: work)
        do {
            _ = try await services.interactions.change(
                record.id, session: session.id, event: "certificateIssued", detail: ["sha256": blob], by: .system
            ) { record in
                // Two downloads may have raced to issue it: the first one kept stands.
                guard record.payload.document?.certificate == nil else { throw AlreadyIssued() }
                record.payload.document?.certificate = blob
            }
        } catch is AlreadyIssued {
            return try await services.interactions.find(record.id, session: session.id)?.payload.document?.certificate ?? blob
        }
        return blob
    }

    private struct AlreadyIssued: Error {}

    /// What the certificate says: the document's events (and the session's own, which show how
    /// the customer was reached) up to and including its completion event.
    func certificate(_ record: InteractionRecord, document: DocumentPart, finished: String, session: SessionRecord) async throws
        -> CompletionCertificate
    {
        let all = try await services.events.events(session: session.id)
        let details = all.map { event in
            event.detail.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        }
        guard
            let completion = zip(all, details).first(where: { $0.kind == "completed" && $1["interaction"] == record.id })?.0,
            let completionId = completion.id, let head = completion.hash
        else {
            throw SignetError(.internal, "the record has no completion event for document \(record.id)")
        }
        let agent = try await services.accounts.user(id: session.agentId)
        var names: [String: String] = ["customer": "\(session.customerName) (customer)", "system": "Signet"]
        for user in try await services.accounts.list() { names["agent:\(user.id)"] = "\(user.name) (\(user.role.rawValue))" }
        let ours: Set<String> = Set([record.id] + (record.parentId.map { [$0] } ?? []))
        let events = zip(all, details).compactMap { event, detail -> CompletionCertificate.Event? in
            guard let id = event.id, id <= completionId else { return nil }
            guard detail["interaction"].map(ours.contains) ?? true else { return nil }
            return CompletionCertificate.Event(
                id: id, at: event.at, actor: names[event.actor] ?? event.actor, ip: event.ip, userAgent: event.userAgent,
                channel: Self.channel(actor: event.actor, detail: detail),
                what: Self.description(kind: event.kind, detail: detail, record: record, session: session))
        }
        let source =
            document.template.map { "template \($0.slug), version \($0.version)" }
            ?? document.fileName.map { "uploaded file \($0)" } ?? "uploaded file"
        return CompletionCertificate(
            documentTitle: record.title, session: session.id, interaction: record.id, source: source, pageCount: document.pages.count,
            completedAt: record.completedAt ?? completion.at,
            parties: [
                .init(role: "Customer", name: session.customerName, contact: session.email ?? session.phone),
                .init(role: "Agent", name: agent?.name ?? session.agentId, contact: agent?.email),
            ],
            events: events, originalSHA256: document.original, finishedSHA256: finished, seal: try services.sealDescription(),
            headHash: head, headEvent: completionId)
    }

    /// How the actor reached Signet.
    static func channel(actor: String, detail: [String: String]) -> String {
        if let channel = detail["channel"] { return channel }
        if actor == "customer" { return "customer link" }
        if actor.hasPrefix("agent:") { return "agent account" }
        return "server"
    }

    /// The event in words.
    static func description(kind: String, detail: [String: String], record: InteractionRecord, session: SessionRecord) -> String {
        let what: String
        switch kind {
        case "created": what = "Session created for \(session.customerName)"
        case "invited": what = "Invitation sent by \(detail["channel"] ?? "message")"
        case "delivered": what = "Invitation delivered"
        case "deliveryFailed": what = "Invitation could not be delivered"
        case "opened": what = "Customer opened the invitation link"
        case "reengaged": what = "Invitation sent again"
        case "renewed": what = "Session renewed"
        case "reminded": what = "Reminder sent" + (detail["by"] == "agent" ? " by the agent" : "")
        case "interactionAdded": what = "Sent “\(detail["title"] ?? record.title)”" + (detail["template"].map { " (template \($0))" } ?? "")
        case "interactionSent": what = "Released to the customer"
        case "interactionOpened": what = "Customer opened the document"
        case "interactionStatus": what = "Status: \(detail["status"] ?? "changed")"
        case "signed": what = "Signed (fields \(detail["fields"] ?? ""))"
        case "fieldsFilled": what = "Filled in fields \(detail["fields"] ?? "")"
        case "certificateIssued": what = "Certificate of completion issued"
        case "awaitingCountersign":
            let signatures = detail["signatures"].map { ", \($0) signature(s)" } ?? ""
            what = "Customer finished\(signatures), awaiting the agent's countersignature; sealed PDF SHA-256 \(detail["sha256"] ?? "")"
        case "completed" where detail["completedInteractions"] != nil:
            // The session's own completion (`SessionChange.completeIfDone`), naming no interaction.
            what = "Session completed (\(detail["completedInteractions"] ?? "0") done, \(detail["declinedInteractions"] ?? "0") declined)"
        case "completed" where detail["countersigned"] != nil:
            what = "Countersigned by the agent and sealed again; finished PDF SHA-256 \(detail["sha256"] ?? "")"
        case "completed":
            let signatures = detail["signatures"].map { ", \($0) signature(s)" } ?? ""
            what = "Document finished\(signatures); finished PDF SHA-256 \(detail["sha256"] ?? "")"
        case "downloaded": what = "Downloaded" + (detail["by"].map { " by the \($0)" } ?? "")
        case "declined": what = "Declined: \(detail["reason"] ?? "")"
        case "codeSent":
            what = "One-time code sent by \(detail["channel"] ?? "message")" + (detail["resend"] != nil ? " (asked again)" : "")
        case "codeVerified": what = "Customer entered the one-time code"
        case "codeFailed": what = CodeWords.failure(detail)
        case "codeDeliveryFailed": what = "One-time code could not be delivered"
        case "reminderDeliveryFailed": what = "Reminder could not be delivered"
        case "message": what = "Chat message from the \(detail["from"] ?? "customer") (\(detail["text"]?.count ?? 0) characters)"
        default: what = kind
        }
        return what
    }
}

/// How the certificate words a refused one-time code.
enum CodeWords {
    static func failure(_ detail: [String: String]) -> String {
        switch detail["reason"] ?? "" {
        case "expired": "One-time code entered after it expired"
        case "voided": "Wrong one-time code; the code is void after too many tries"
        default: "Wrong one-time code (\(detail["triesLeft"] ?? "?") tries left)"
        }
    }
}
