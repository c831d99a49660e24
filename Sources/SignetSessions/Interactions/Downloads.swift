import Foundation
import SignetModel
import SignetStore

/// The files of an interaction as either side downloads them: the document as sent, as
/// finished, a request's assembled PDF or one uploaded file. Each download is recorded
/// (`downloaded`) in the session's record.
package struct Downloads: Sendable {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    /// A file to answer with.
    package struct File: Sendable {
        package var path: String
        package var contentType: String
        package var name: String
    }

    /// The document as the agent sent it.
    package func original(of record: InteractionRecord, by actor: Actor) async throws -> File {
        guard let document = record.payload.document else { throw SignetError(.notFound, "this interaction has no document") }
        return try await pdf(
            record, blob: document.original, name: "\(record.title)-original.pdf", detail: ["sha256": document.original], by: actor)
    }

    /// The finished document; the customer's download is recorded as theirs.
    package func finished(of record: InteractionRecord, byCustomer: Bool, by actor: Actor) async throws -> File {
        guard let blob = record.payload.document?.finished else {
            throw SignetError(.notFound, "the document is not finished yet: it is \(record.status.rawValue)")
        }
        return try await pdf(
            record, blob: blob, name: "\(record.title).pdf", detail: byCustomer ? ["by": "customer"] : ["sha256": blob], by: actor)
    }

    /// The document's certificate of completion, issued now when it has not been yet
    /// (`CompletionCertificates`); the customer's download is recorded as theirs.
    package func certificate(of record: InteractionRecord, in session: SessionRecord, byCustomer: Bool, by actor: Actor) async throws
        -> File
    {
        let blob = try await CompletionCertificates(services: services).blob(for: record, session: session)
        var detail = ["sha256": blob]
        if byCustomer { detail["by"] = "customer" }
        return try await pdf(record, blob: blob, name: "\(record.title)-certificate.pdf", detail: detail, by: actor)
    }

    /// The photos of a submitted document request, assembled into one PDF.
    package func assembled(of record: InteractionRecord, by actor: Actor) async throws -> File {
        guard let blob = record.payload.request?.assembled else {
            throw SignetError(.notFound, "the customer has not submitted the files yet: it is \(record.status.rawValue)")
        }
        return try await pdf(record, blob: blob, name: "\(record.title).pdf", detail: ["sha256": blob], by: actor)
    }

    /// One file the customer uploaded for the request.
    package func upload(_ id: String, of record: InteractionRecord, by actor: Actor) async throws -> File {
        guard let upload = try await services.interactions.uploads(of: record.id).first(where: { $0.id == id }),
            let path = services.blobs.file(upload.blob)
        else { throw SignetError(.notFound, "there is no such upload in this request") }
        try await services.interactions.note(record, event: "downloaded", detail: ["upload": upload.id], by: actor)
        return File(
            path: path, contentType: upload.contentKind.mediaType,
            name: upload.fileName ?? "\(upload.type).\(upload.contentKind.fileExtension)")
    }

    private func pdf(_ record: InteractionRecord, blob: String, name: String, detail: [String: String], by actor: Actor) async throws
        -> File
    {
        guard let path = services.blobs.file(blob) else { throw SignetError(.notFound, "the PDF is not stored") }
        try await services.interactions.note(record, event: "downloaded", detail: detail, by: actor)
        return File(path: path, contentType: "application/pdf", name: name)
    }
}
