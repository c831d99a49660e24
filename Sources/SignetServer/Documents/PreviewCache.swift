import Foundation
import SignetModel
import SignetTemplates

/// PNG previews of document pages at a requested width, rendered by the engine once and kept
/// under `<data>/previews/<document key>/<page>-<width>.png`. Documents are stored by content,
/// so a key never goes stale.
struct PreviewCache: Sendable {
    let directory: String
    let engine: EngineQueue
    let limits: EngineLimits

    static let widths = 64...2400

    /// The preview of `page` of `pdf` (identified by `key`) at `width` pixels.
    func png(of pdf: String, key: String, page: Int, pageCount: Int, width: Int) async throws -> String {
        guard Self.widths.contains(width) else {
            throw SignetError(.invalidInput, "width must be \(Self.widths.lowerBound) to \(Self.widths.upperBound) pixels", field: "width")
        }
        guard (1...pageCount).contains(page) else {
            throw SignetError(.invalidInput, "page must be 1 to \(pageCount)", field: "page")
        }
        let folder = "\(directory)/\(key)"
        let target = "\(folder)/\(page)-\(width).png"
        if FileManager.default.fileExists(atPath: target) { return target }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Rendered under a private name and renamed, so a concurrent reader never sees half a PNG.
        let scratch = "\(folder)/.\(page)-\(width)-\(UUID().uuidString).png"
        let request = RenderRequest(path: pdf, pages: .ranges([page...page]), scale: .width(width), output: scratch, limits: limits)
        let runner = engine.runner
        _ = try await engine.offload { try runner(.render(request)).rendered() }
        if rename(scratch, target) != 0 {
            try? FileManager.default.removeItem(atPath: scratch)
            throw SignetError(.io, "cannot keep the preview \(target)")
        }
        return target
    }
}
