import CCairo
import CPango
import SignetModel

/// Sets text into a box with Pango: any script (bidi, shaping and font fallback come from
/// Pango, HarfBuzz and fontconfig), shrunk until it fits, aligned. Shared with the sample
/// documents' drawing (SignetSamples), hence `package`.
package struct TextPainter {
    /// Font families tried in order; fontconfig falls back further for scripts none of them has
    /// (CJK comes from Noto Sans CJK when installed).
    package static let bodyFamilies = "DejaVu Sans, Noto Sans, Noto Sans Hebrew, Noto Sans Arabic, Noto Sans CJK SC, WenQuanYi Micro Hei"
    /// A handwriting-style family for typed signatures, with fallbacks for scripts it lacks.
    static let handwritingFamilies = "Kristi, DKG Handwriting, DejaVu Serif Italic, Noto Serif, Noto Sans CJK SC, WenQuanYi Micro Hei"

    /// Smallest size we shrink to before giving up and clipping.
    static let minimumSize = 4.0

    package var families = TextPainter.bodyFamilies
    package var maximumSize: Double?
    package var alignment: TextAlignment = .natural
    package var multiline = false
    package var color: (Double, Double, Double) = (0.05, 0.07, 0.2)

    /// Creates a painter of `families`, never larger than `maximumSize` points.
    package init(families: String = TextPainter.bodyFamilies, maximumSize: Double? = nil) {
        self.families = families
        self.maximumSize = maximumSize
    }

    /// Draws `text` inside `rect` on `cr`.
    package func draw(_ text: String, in rect: Rect, on cr: OpaquePointer) {
        guard !text.isEmpty, rect.width > 0, rect.height > 0 else { return }
        let layout = pango_cairo_create_layout(cr)!
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        configure(layout, cr: cr, text: text, width: rect.width)

        let padding = min(2.0, rect.width * 0.05)
        let innerWidth = max(rect.width - 2 * padding, 1)
        let start = maximumSize ?? (multiline ? min(12, rect.height * 0.7) : min(rect.height * 0.72, 14))
        var size = max(start, Self.minimumSize)
        var extents = measure(layout, size: size, width: innerWidth)
        // Shrink proportionally; two or three rounds settle because wrapping changes little.
        for _ in 0..<6 {
            let factor = min(innerWidth / max(extents.width, 0.01), rect.height / max(extents.height, 0.01))
            if factor >= 1 || size <= Self.minimumSize { break }
            size = max(Self.minimumSize, size * max(factor, 0.5) * 0.98)
            extents = measure(layout, size: size, width: innerWidth)
        }

        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_set_source_rgb(cr, color.0, color.1, color.2)
        let top = multiline ? rect.y : rect.y + (rect.height - extents.height) / 2
        let left = multiline ? rect.x + padding : rect.x + padding + offset(for: text, width: extents.width, box: innerWidth)
        cairo_move_to(cr, left - extents.x, top - extents.y)
        pango_cairo_show_layout(cr, layout)
        cairo_restore(cr)
    }

    /// Horizontal offset of a single line inside the box. Single lines are laid out without a
    /// width (so they never wrap), which means we place them ourselves.
    private func offset(for text: String, width: Double, box: Double) -> Double {
        let slack = max(box - width, 0)
        switch alignment {
        case .left: return 0
        case .center: return slack / 2
        case .right: return slack
        case .natural: return pango_find_base_dir(text, -1) == PANGO_DIRECTION_RTL ? slack : 0
        }
    }

    private func configure(_ layout: OpaquePointer, cr: OpaquePointer, text: String, width: Double) {
        // Metric hinting snaps glyph advances to device pixels, which is wrong for PDF output.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(pango_layout_get_context(layout), options)
        cairo_font_options_destroy(options)
        pango_cairo_update_layout(cr, layout)

        let single = multiline ? text : text.replacingOccurrences(of: "\n", with: " ")
        pango_layout_set_text(layout, single, -1)
        switch alignment {
        case .natural:
            // Auto-direction makes "left" mean "start": right for Hebrew and Arabic.
            pango_layout_set_auto_dir(layout, 1)
            pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .left, .center, .right:
            pango_layout_set_auto_dir(layout, 1)
            // With auto-direction Pango mirrors left and right for RTL paragraphs; undo that so
            // "right" always means the right edge of the box.
            let rtl = pango_find_base_dir(text, -1) == PANGO_DIRECTION_RTL
            let effective = rtl && alignment != .center ? (alignment == .left ? TextAlignment.right : .left) : alignment
            pango_layout_set_alignment(
                layout, effective == .left ? PANGO_ALIGN_LEFT : effective == .center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
    }

    /// Lays out at `size` and returns the logical extents in points.
    private func measure(_ layout: OpaquePointer, size: Double, width: Double) -> (width: Double, height: Double, x: Double, y: Double) {
        let desc = pango_font_description_from_string(families)
        defer { pango_font_description_free(desc) }
        pango_font_description_set_absolute_size(desc, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, desc)
        // Multi-line text wraps at the box width; a single line never wraps, it shrinks.
        pango_layout_set_width(layout, multiline ? Int32(width * Double(PANGO_SCALE)) : -1)
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let scale = Double(PANGO_SCALE)
        return (Double(logical.width) / scale, Double(logical.height) / scale, Double(logical.x) / scale, Double(logical.y) / scale)
    }
}
