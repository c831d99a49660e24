import CCairo
import CPoppler
import SignetModel

/// One page of an open document; owns a `PopplerPage*` reference.
final class PopplerPageHandle {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    /// Size as displayed (crop box, after rotation), in points.
    var displayedSize: (width: Double, height: Double) {
        var w = 0.0
        var h = 0.0
        poppler_page_get_size(pointer, &w, &h)
        return (w, h)
    }

    /// The page's text in reading order.
    var text: String { takeGString(poppler_page_get_text(pointer)) ?? "" }

    /// The words of the page with their boxes in displayed coordinates (top-left origin, y down).
    ///
    /// Poppler lays text out in the displayed orientation already, one rectangle per character
    /// of `poppler_page_get_text`, so words are runs of non-space characters merged by union.
    func words() -> [Word] {
        guard let cText = poppler_page_get_text(pointer) else { return [] }
        defer { g_free(cText) }
        var rects: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(pointer, &rects, &count) != 0, let rects else { return [] }
        defer { g_free(rects) }
        let characters = Array(String(cString: cText).unicodeScalars)
        var words: [Word] = []
        var current = ""
        var box: PDFBox?
        func flush() {
            if let b = box, !current.isEmpty {
                words.append(Word(text: current, rect: Rect(x: b.x0, y: b.y0, width: b.width, height: b.height).rounded))
            }
            current = ""
            box = nil
        }
        for (i, scalar) in characters.enumerated() where i < Int(count) {
            if scalar.properties.isWhitespace {
                flush()
                continue
            }
            let r = rects[i]
            let b = PDFBox(r.x1, r.y1, r.x2, r.y2)
            current.unicodeScalars.append(scalar)
            box = box.map { PDFBox(min($0.x0, b.x0), min($0.y0, b.y0), max($0.x1, b.x1), max($0.y1, b.y1)) } ?? b
        }
        flush()
        return words
    }

    /// Draws the page onto `context`, whose user space is the displayed page in points.
    func render(into context: OpaquePointer) {
        poppler_page_render(pointer, context)
    }

    /// Whether the page draws any image.
    var hasImages: Bool {
        guard let list = poppler_page_get_image_mapping(pointer) else { return false }
        poppler_page_free_image_mapping(list)
        return true
    }
}

@available(*, unavailable)
extension PopplerPageHandle: Sendable {}
