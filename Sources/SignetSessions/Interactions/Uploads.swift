import Foundation
import SignetModel
import SignetStore

/// Files coming in: PDFs the agent stages in a session before sending them, and the files a
/// customer hands in for a document request. Each holder has a quota of files and bytes,
/// checked before the body is read (`room`), once its size is known (`admit`) and again in the transaction that records the
/// file, so parallel uploads cannot all slip under it.
package struct Uploads: Sendable {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    /// What the holder (a request, or the agent's staging of `session` when `record` is nil)
    /// holds now, leaving out the upload it replaces; refused when not even an empty file fits.
    package func room(in session: SessionRecord, for record: InteractionRecord?, replacing: String? = nil) async throws -> UploadQuota.Usage
    {
        let held = try await services.interactions.uploadUsage(interaction: record?.id, session: session.id, excluding: replacing)
        try quota(record).check(adding: 0, to: held)
        return held
    }

    /// Refuses a file of `size` bytes that does not fit beside `held`.
    package func admit(_ size: Int, beside held: UploadQuota.Usage, for record: InteractionRecord?) throws {
        try quota(record).check(adding: size, to: held)
    }

    /// The agent's PDF staged in `session`, preflighted first (a refused PDF is not kept): its
    /// SHA-256, and the report saying its pages and form fields.
    package func stage(_ bytes: [UInt8], name: String?, in session: SessionRecord, by actor: Actor) async throws
        -> (blob: String, report: DocumentReport)
    {
        let report = try await services.preflighted(bytes, name: name ?? "the PDF")
        let blob = try services.blobs.put(bytes)
        _ = try await services.interactions.addUpload(
            UploadRecord(
                id: UUID().uuidString.lowercased(), interactionId: nil, sessionId: session.id, type: "agentDocument", blob: blob,
                contentKind: .pdf, size: bytes.count, fileName: name, createdAt: Date()), quota: quota(nil), by: actor)
        return (blob, report)
    }

    /// The type a customer's file is for: the one asked (`nil`: the request's first), which
    /// must be among the documents the request asks for; `replacing` must be one of its files.
    package func check(type asked: String?, replacing: String?, on record: InteractionRecord) async throws -> String {
        guard let part = record.payload.request else {
            throw SignetError(.invalidInput, "files are uploaded to document requests; this is a \(record.kind.rawValue)")
        }
        try record.checkOpen()
        let type = asked ?? part.documents.first?.type ?? ""
        guard part.documents.contains(where: { $0.type == type }) else {
            let asked = part.documents.map(\.type).joined(separator: ", ")
            throw SignetError(.invalidInput, "type must be one of the documents asked for: \(asked)", field: "type")
        }
        if let replacing, try await !services.interactions.uploads(of: record.id).contains(where: { $0.id == replacing }) {
            throw SignetError(.invalidInput, "there is no upload \(replacing) in this request to replace", field: "replace")
        }
        return type
    }

    /// A customer's file for the request `record` (→ in progress, `uploaded`), a PDF
    /// preflighted first; `replacing` an earlier file frees its share.
    package func handIn(
        _ bytes: [UInt8], kind: ContentKind, type: String, name: String?, replacing: String?, to record: InteractionRecord,
        in session: SessionRecord, by actor: Actor
    ) async throws -> UploadRecord {
        if kind == .pdf { _ = try await services.preflighted(bytes, name: "the PDF") }
        let blob = try services.blobs.put(bytes)
        return try await services.interactions.addUpload(
            UploadRecord(
                id: UUID().uuidString.lowercased(), interactionId: record.id, sessionId: session.id, type: type, blob: blob,
                contentKind: kind,
                size: bytes.count, fileName: name, createdAt: Date()), quota: quota(record), replacing: replacing, by: actor)
    }

    private func quota(_ record: InteractionRecord?) -> UploadQuota {
        record == nil ? services.configuration.stagedUploadQuota : services.configuration.uploadQuota
    }
}
