import CCairo
import Foundation
import SignetModel

/// Draws one field's value onto an overlay page (images excepted: they are placed as cached
/// assets, see `Stamper`). The context's user space is the displayed
/// page (points, origin top-left, y down), so field rectangles are used exactly as given.
struct FieldPainter {
    let cr: OpaquePointer

    func paint(_ field: StampField, value: StampValue) throws {
        switch (field.kind, value) {
        case (.checkbox, .checked(let on)):
            if on { drawCheckMark(in: field.rect) }
        case (.checkbox, .text(let s)):
            if ["true", "yes", "on", "1", "x"].contains(s.lowercased()) { drawCheckMark(in: field.rect) }
        case (.signature, .strokes(let strokes)), (.initials, .strokes(let strokes)):
            drawStrokes(strokes, in: field.rect)
        case (.signature, .typed(let name)), (.initials, .typed(let name)):
            var painter = TextPainter(families: TextPainter.handwritingFamilies, maximumSize: field.fontSize)
            painter.alignment = field.align ?? .center
            painter.draw(name, in: field.rect, on: cr)
        case (.date, .text(let s)), (.signingDate, .text(let s)):
            drawText(try DateValue.format(s, pattern: field.dateFormat, field: field.id), field)
        case (let kind, .text(let s)) where kind.isTextLike:
            drawText(s, field)
        default:
            throw SignetError(.invalidInput, "a \(field.kind.rawValue) field cannot take \(value.kindDescription)", field: field.id)
        }
    }

    private func drawText(_ text: String, _ field: StampField) {
        var painter = TextPainter(maximumSize: field.fontSize)
        painter.alignment = field.align ?? .natural
        painter.multiline = field.multiline ?? false
        painter.draw(text, in: field.rect, on: cr)
    }

    /// A check mark as a vector path, inset in the box and scaled to its smaller side.
    private func drawCheckMark(in rect: Rect) {
        let side = min(rect.width, rect.height)
        let x = rect.x + (rect.width - side) / 2
        let y = rect.y + (rect.height - side) / 2
        cairo_save(cr)
        cairo_set_source_rgb(cr, 0.05, 0.07, 0.2)
        cairo_set_line_width(cr, max(side * 0.12, 0.75))
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_move_to(cr, x + side * 0.18, y + side * 0.55)
        cairo_line_to(cr, x + side * 0.42, y + side * 0.78)
        cairo_line_to(cr, x + side * 0.84, y + side * 0.24)
        cairo_stroke(cr)
        cairo_restore(cr)
    }

    /// Drawn strokes as smooth vector paths (crisp at any zoom). Points are relative to the
    /// field's top-left corner; a drawing larger than the box is scaled down to fit.
    private func drawStrokes(_ strokes: [[StampValue.Point]], in rect: Rect) {
        let points = strokes.joined()
        guard let maxX = points.map(\.x).max(), let maxY = points.map(\.y).max() else { return }
        let scale = min(1, rect.width / max(maxX, 0.01), rect.height / max(maxY, 0.01))
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, scale, scale)
        cairo_set_source_rgb(cr, 0.05, 0.1, 0.35)
        cairo_set_line_width(cr, max(rect.height / 28, 1.2) / scale)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        for stroke in strokes where !stroke.isEmpty {
            cairo_move_to(cr, stroke[0].x, stroke[0].y)
            if stroke.count == 1 {
                cairo_line_to(cr, stroke[0].x + 0.01, stroke[0].y)  // a dot
            }
            // Quadratic smoothing through midpoints, written as cubic curves.
            var previous = stroke[0]
            for point in stroke.dropFirst() {
                let mid = StampValue.Point(x: (previous.x + point.x) / 2, y: (previous.y + point.y) / 2)
                var cx = 0.0
                var cy = 0.0
                cairo_get_current_point(cr, &cx, &cy)
                cairo_curve_to(
                    cr, cx + 2.0 / 3.0 * (previous.x - cx), cy + 2.0 / 3.0 * (previous.y - cy),
                    mid.x + 2.0 / 3.0 * (previous.x - mid.x), mid.y + 2.0 / 3.0 * (previous.y - mid.y), mid.x, mid.y)
                previous = point
            }
            cairo_line_to(cr, previous.x, previous.y)
        }
        cairo_stroke(cr)
        cairo_restore(cr)
    }
}
