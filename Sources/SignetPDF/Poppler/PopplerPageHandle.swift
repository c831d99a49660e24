import CCairo
import CSignetPoppler
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
        signet_poppler_page_get_size(pointer, &w, &h)
        return (w, h)
    }

    /// The page's text in reading order.
    var text: String { takeGString(signet_poppler_page_get_text(pointer)) ?? "" }

    /// The words of the page with their boxes in displayed coordinates (top-left origin, y down).
    ///
    /// Poppler lays text out in the displayed orientation already, one rectangle per character
    /// of `poppler_page_get_text`, so words are runs of non-space characters merged by union.
    func words() -> [Word] {
        guard let cText = signet_poppler_page_get_text(pointer) else { return [] }
        defer { g_free(cText) }
        var rects: UnsafeMutablePointer<SignetPopplerRectangle>?
        var count: guint = 0
        guard signet_poppler_page_get_text_layout(pointer, &rects, &count) != 0, let rects else { return [] }
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

    /// Every text tag (`{{...}}`) of the page with the union of its characters' boxes in
    /// displayed coordinates. Tags are matched in the page text Poppler extracts, the same text
    /// a reader copies, so a tag found here is exactly what must disappear from it.
    func textTags() -> [FoundTextTag] {
        guard let cText = signet_poppler_page_get_text(pointer) else { return [] }
        defer { g_free(cText) }
        let characters = Array(String(cString: cText).unicodeScalars)
        guard characters.count >= 4 else { return [] }
        var rects: UnsafeMutablePointer<SignetPopplerRectangle>?
        var count: guint = 0
        guard signet_poppler_page_get_text_layout(pointer, &rects, &count) != 0, let rects else { return [] }
        defer { g_free(rects) }
        var tags: [FoundTextTag] = []
        var i = 0
        while i + 3 < characters.count {
            guard characters[i] == "{", characters[i + 1] == "{" else {
                i += 1
                continue
            }
            // The closing braces, not beyond a line break or a new opening: a lone "{{" is text.
            var j = i + 2
            while j + 1 < characters.count, !(characters[j] == "}" && characters[j + 1] == "}"), characters[j] != "\n" {
                if characters[j] == "{" && characters[j + 1] == "{" { break }
                j += 1
            }
            guard j + 1 < characters.count, characters[j] == "}", characters[j + 1] == "}" else {
                i = j
                continue
            }
            var box: PDFBox?
            for k in i...(j + 1) where k < Int(count) && !characters[k].properties.isWhitespace {
                let r = rects[k]
                let b = PDFBox(r.x1, r.y1, r.x2, r.y2)
                box = box.map { PDFBox(min($0.x0, b.x0), min($0.y0, b.y0), max($0.x1, b.x1), max($0.y1, b.y1)) } ?? b
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: characters[i...(j + 1)])
            if let box {
                tags.append(
                    FoundTextTag(page: 0, text: text, rect: Rect(x: box.x0, y: box.y0, width: box.width, height: box.height).rounded))
            }
            i = j + 2
        }
        return tags
    }

    /// Draws the page onto `context`, whose user space is the displayed page in points.
    func render(into context: OpaquePointer) {
        signet_poppler_page_render(pointer, context)
    }

    /// Whether the page draws any image.
    var hasImages: Bool {
        guard let list = signet_poppler_page_get_image_mapping(pointer) else { return false }
        signet_poppler_page_free_image_mapping(list)
        return true
    }
}

@available(*, unavailable)
extension PopplerPageHandle: Sendable {}
