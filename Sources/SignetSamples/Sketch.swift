import CCairo
import Foundation
import SignetFiles
import SignetModel
import SignetPDF

/// A small drawing surface for making our own PDFs (samples, templates): pages drawn with
/// Cairo in contract coordinates (points, top-left origin), text set with Pango.
final class Sketch {
    private let document: OverlayDocument
    private let path: String
    private(set) var pages: [PageGeometry] = []

    init(path: String) throws {
        self.path = path
        document = try OverlayDocument()
        // A fixed creation date keeps generated files byte-for-byte reproducible.
        document.setCreationDate("2026-01-01T00:00:00Z")
    }

    /// Adds a page of `width` x `height` points; `draw` gets a pen for it.
    func page(width: Double = 595.28, height: Double = 841.89, _ draw: (Pen) throws -> Void) throws {
        try document.addPage(width: width, height: height) { cr in try draw(Pen(cr: cr)) }
        pages.append(PageGeometry(mediaBox: PDFBox(0, 0, width, height)))
    }

    func finish() throws { try AtomicFile.write(document.finish(), to: path) }

    /// A colour as red, green and blue from 0 to 1.
    typealias Color = (red: Double, green: Double, blue: Double)

    /// Drawing operations on one page.
    struct Pen {
        let cr: OpaquePointer

        /// Sets `text` in `rect` at `size` points (shrunk if it would not fit).
        func text(
            _ text: String, _ rect: Rect, size: Double = 11, align: TextAlignment = .natural, multiline: Bool = false, bold: Bool = false,
            color: Color = (0, 0, 0)
        ) {
            var painter = TextPainter(maximumSize: size)
            painter.families = bold ? "DejaVu Sans Bold, Noto Sans Bold" : TextPainter.bodyFamilies
            painter.alignment = align
            painter.multiline = multiline
            painter.color = color
            painter.draw(text, in: rect, on: cr)
        }

        /// A thin outlined box, as printed forms draw their fields; `dashed` for areas such as
        /// a stamp.
        func box(_ rect: Rect, gray: Double = 0.55, dashed: Bool = false) {
            cairo_set_source_rgb(cr, gray, gray, gray)
            cairo_set_line_width(cr, 0.6)
            if dashed {
                var pattern: [Double] = [3, 2]
                cairo_set_dash(cr, &pattern, 2, 0)
            }
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_stroke(cr)
            if dashed { cairo_set_dash(cr, nil, 0, 0) }
        }

        /// A filled rectangle without an outline (header bands, shaded areas).
        func fill(_ rect: Rect, color: Color) {
            cairo_set_source_rgb(cr, color.red, color.green, color.blue)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_fill(cr)
        }

        /// A horizontal rule (signature lines, separators).
        func line(x: Double, y: Double, width: Double) {
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2)
            cairo_set_line_width(cr, 0.7)
            cairo_move_to(cr, x, y)
            cairo_line_to(cr, x + width, y)
            cairo_stroke(cr)
        }
    }
}
