import Foundation
import Hummingbird
import SignetModel
import SignetSessions

/// `GET /sessions/{id}/uploads/{sha}/pages/{page}?width=800`: a page of a PDF the agent
/// uploaded and has not sent yet, so the field editor can show it while fields are placed.
struct StagedUploadController {
    let services: SignetServices

    func register(_ group: RouterGroup<AppContext>) {
        group.get("sessions/{id}/uploads/{sha}/pages/{page}", use: page)
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let session = try await context.ownedSession(services.sessions)
        let blob = context.parameters.get("sha") ?? ""
        return try await FileBody.preview(request, context: context) {
            try await services.preview(ofStaged: blob, in: session, page: $0, width: $1)
        }
    }
}
