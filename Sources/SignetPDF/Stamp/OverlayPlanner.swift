import Foundation
import SignetModel

/// Turns the filled fields of a stamp into overlay PDFs and the placements that put them on
/// the document's pages: one drawn overlay (one page per stamped page, at its displayed size)
/// for text, marks, strokes and typed names, and one cached asset per distinct image.
struct OverlayPlanner {
    let layout: StampLayout

    /// Overlay PDFs, indexed as the placements' `source`, and the placements in drawing order.
    struct Result {
        var overlays: [[UInt8]] = []
        var placements: [MergePlan.PagePlacement] = []
    }

    func plan(_ filled: [StampField], value: (StampField) -> StampValue) throws -> Result {
        var result = Result()
        var drawn: [Int: [StampField]] = [:]
        var images: [(StampField, ImageAsset)] = []
        for field in filled {
            if case .image(let source) = value(field), [.signature, .initials, .image].contains(field.kind) {
                images.append((field, try StampImageCache.asset(source: source, field: field.id)))
            } else {
                drawn[field.page, default: []].append(field)
            }
        }
        if !drawn.isEmpty {
            let overlay = try OverlayDocument()
            var pages: [MergePlan.PagePlacement] = []
            for page in drawn.keys.sorted() {
                let geometry = layout.pages[page]!.geometry
                try overlay.addPage(width: geometry.displayedWidth, height: geometry.displayedHeight) { cr in
                    let painter = FieldPainter(cr: cr)
                    for field in drawn[page]! {
                        try painter.paint(field, value: value(field))
                    }
                }
                pages.append(.init(page: page, source: 0, overlayPage: overlay.pageCount, matrix: geometry.overlayMatrix.coefficients))
            }
            result.overlays.append(try overlay.finish())
            result.placements += pages
        }
        var sources: [String: Int] = [:]
        for (field, asset) in images {
            let source = sources[asset.key] ?? result.overlays.count
            if sources[asset.key] == nil {
                sources[asset.key] = source
                result.overlays.append(asset.pdf)
            }
            let geometry = layout.pages[field.page]!.geometry
            let box = asset.fitted(in: field.rect)
            // The asset's page (y up, one point per pixel) scaled into `box` on the upright
            // overlay page (y up as well), then onto the document page.
            let scale = box.width / asset.width
            let intoBox = AffineTransform(a: scale, b: 0, c: 0, d: scale, e: box.x, f: geometry.displayedHeight - box.maxY)
            result.placements.append(
                .init(page: field.page, source: source, overlayPage: 1, matrix: geometry.overlayMatrix.concatenating(intoBox).coefficients))
        }
        return result
    }
}
