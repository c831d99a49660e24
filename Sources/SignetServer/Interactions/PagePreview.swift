import Foundation
import Hummingbird
import SignetModel
import SignetStore

/// `.../pages/{page}?width=800`: a PNG of one page of an interaction's document as the
/// customer sees it (agent values in place; the finished document once there is one), or of
/// the document under review.
struct PagePreview {
    let services: SignetServices

    func response(for record: InteractionRecord, request: Request, context: AppContext) async throws -> Response {
        let blob: String
        let pages: Int
        if let document = record.payload.document {
            blob = document.finished ?? document.prepared
            pages = document.pages.count
        } else if let review = record.payload.review {
            blob = review.original
            pages = review.pages.count
        } else {
            throw Problem(.notFound, "no-pages", "This interaction has no document to show")
        }
        let page = try PreviewCache.page(context)
        let width = try FileBody.intParameter(request, "width", fallback: 800)
        guard let path = services.blobs.file(blob) else { throw Problem.notFound }
        let png = try await services.previews.png(of: path, key: blob, page: page, pageCount: pages, width: width)
        return try FileBody.response(path: png, contentType: "image/png", name: "page-\(page).png", inline: true)
    }
}
