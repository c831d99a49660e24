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
        let session = try await context.ownedSession(services.sessions)
        guard let blob = context.parameters.get("sha"),
            try await services.interactions.stagedUpload(blob: blob, session: session.id) != nil,
            let path = services.blobs.file(blob)
        else { throw Problem(.notFound, "unknown-upload", "No PDF with this SHA-256 is waiting to be sent in this session") }
        let page = try PreviewCache.page(context)
        let width = try FileBody.intParameter(request, "width", fallback: 800)
        // Preflighted when it was uploaded; its page count is checked by the engine on a cache
        // miss, so a cached preview costs no engine job.
        let png = try await services.previews.png(of: path, key: blob, page: page, pageCount: nil, width: width)
        return try FileBody.response(path: png, contentType: "image/png", name: "page-\(page).png", inline: true)
    }
}
