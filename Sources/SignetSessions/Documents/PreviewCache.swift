import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// PNG previews of document pages, rendered by the engine once and kept under
/// `<data>/previews/<document key>/<page>-<width>.png`. Documents are stored by content, so a
/// key never goes stale; but anyone who may see a page may ask for it at any width, so a
/// width is rounded up to one of a few buckets (at most `buckets.count` files a page) and
/// `budget` keeps each document's previews and the whole folder under a size, dropping the
/// least recently used.
package struct PreviewCache: Sendable {
    let directory: String
    let engine: EngineRunner
    let limits: EngineLimits
    let budget: PreviewBudget
    /// Each document's preview copy (its oversized photos downscaled), made once.
    let copies = PreviewCopies()

    static let widths = 64...2400
    /// The widths actually rendered: a request gets the smallest one at least as wide as asked
    /// (the browser scales it down), so a page has at most this many previews.
    static let buckets = [320, 640, 960, 1280, 1920, 2400]

    /// The bucket a requested width is served from.
    static func bucket(_ width: Int) -> Int { buckets.first { $0 >= width } ?? buckets[buckets.count - 1] }

    /// The preview of `page` of `pdf` (identified by `key`) at `width` pixels or, rather, the
    /// width's bucket. With `pageCount` unknown, a page past the end is found by the engine on
    /// a cache miss.
    package func png(of pdf: String, key: String, page: Int, pageCount: Int?, width asked: Int) async throws -> String {
        guard Self.widths.contains(asked) else {
            throw SignetError(.invalidInput, "width must be \(Self.widths.lowerBound) to \(Self.widths.upperBound) pixels", field: "width")
        }
        guard page >= 1, page <= pageCount ?? page else {
            throw SignetError(.invalidInput, "page must be 1 to \(pageCount ?? 1)", field: "page")
        }
        let width = Self.bucket(asked)
        let folder = "\(directory)/\(key)"
        let target = "\(folder)/\(page)-\(width).png"
        if FileManager.default.fileExists(atPath: target) {
            budget.used(target)
            return target
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Rendered under a private name and renamed, so a concurrent reader never sees half a PNG.
        let scratch = "\(folder)/.\(page)-\(width)-\(UUID().uuidString).png"
        let source = await copies.source(of: pdf, in: folder, widest: Self.buckets[Self.buckets.count - 1], engine: engine, limits: limits)
        let request = RenderRequest(path: source, pages: .ranges([page...page]), scale: .width(width), output: scratch, limits: limits)
        do {
            _ = try await engine(request)
        } catch var error as SignetError where error.code == .invalidInput {
            error.field = "page"
            throw error
        }
        if rename(scratch, target) != 0 {
            try? FileManager.default.removeItem(atPath: scratch)
            throw SignetError(.io, "cannot keep the preview \(target)")
        }
        budget.kept(target, document: folder, root: directory)
        return target
    }
}

extension SignetServices {
    /// The preview of `page` of an interaction's document as the customer sees it (agent values
    /// in place; the finished document once there is one), or of the document under review.
    package func preview(of record: InteractionRecord, page: Int, width: Int) async throws -> String {
        let blob: String
        let pages: Int
        if let document = record.payload.document {
            blob = document.finished ?? document.prepared
            pages = document.pages.count
        } else if let review = record.payload.review {
            blob = review.original
            pages = review.pages.count
        } else {
            throw SignetError(.notFound, "this interaction has no document to show")
        }
        guard let path = blobs.file(blob) else { throw SignetError(.notFound, "the document is not stored") }
        return try await previews.png(of: path, key: blob, page: page, pageCount: pages, width: width)
    }

    /// The preview of `page` of a PDF the agent staged in `session` and has not sent yet, for
    /// the field editor. Preflighted when it was uploaded; its page count is checked by the
    /// engine on a cache miss, so a cached preview costs no engine job.
    package func preview(ofStaged blob: String, in session: SessionRecord, page: Int, width: Int) async throws -> String {
        guard try await interactions.stagedUpload(blob: blob, session: session.id) != nil, let path = blobs.file(blob) else {
            throw SignetError(.notFound, "no PDF with this SHA-256 is waiting to be sent in this session")
        }
        return try await previews.png(of: path, key: blob, page: page, pageCount: nil, width: width)
    }
}
