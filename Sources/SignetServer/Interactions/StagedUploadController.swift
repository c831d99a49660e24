import Foundation
import Hummingbird
import SignetModel

/// `GET /sessions/{id}/uploads/{sha}/pages/{page}?width=800`: a page of a PDF the agent
/// uploaded and has not sent yet, so the field editor can show it while fields are placed.
struct StagedUploadController {
    let services: SignetServices

    func register(_ group: RouterGroup<AppContext>) {
        group.get("sessions/{id}/uploads/{sha}/pages/{page}", use: page)
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let session = try context.ownedSession(services.sessions)
        guard let blob = context.parameters.get("sha"),
            let upload = try services.interactions.stagedUpload(blob: blob, session: session.id),
            let path = services.blobs.file(blob)
        else { throw Problem(.notFound, "unknown-upload", "No PDF with this SHA-256 is waiting to be sent in this session") }
        guard let raw = context.parameters.get("page"), let page = Int(raw.hasSuffix(".png") ? String(raw.dropLast(4)) : raw) else {
            throw SignetError(.invalidInput, "page must be a page number", field: "page")
        }
        let width = try FileBody.intParameter(request, "width", fallback: 800)
        let preparation = services.preparation
        let report = try await services.engine.offload { try preparation.preflight(path, name: upload.fileName ?? "the PDF") }
        let png = try await services.previews.png(of: path, key: blob, page: page, pageCount: report.pages.count, width: width)
        return try FileBody.response(path: png, contentType: "image/png", name: "page-\(page).png", inline: true)
    }
}
