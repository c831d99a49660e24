import Foundation
import Hummingbird
import SignetModel
import SignetSessions
import SignetStore

/// `.../pages/{page}?width=800`: a PNG of one page of an interaction's document as the
/// customer sees it (agent values in place; the finished document once there is one), or of
/// the document under review.
struct PagePreview {
    let services: SignetServices

    func response(for record: InteractionRecord, request: Request, context: AppContext) async throws -> Response {
        let page = try context.page()
        let width = try FileBody.intParameter(request, "width", fallback: 800)
        let png = try await services.preview(of: record, page: page, width: width)
        return try FileBody.response(path: png, contentType: "image/png", name: "page-\(page).png", inline: true)
    }
}
