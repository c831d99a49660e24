import CCairo
import CPango
import SignetModel

/// Text for the certificate of completion, set with Pango at a fixed size and wrapped to a
/// width (never shrunk, unlike a stamped field): it can be measured before it is drawn, so
/// rows are paginated before any page is started. Bidi, shaping and font fallback come from
/// Pango and fontconfig, with the stamper's font families.
struct CertificateText {
    enum Face {
        case body, bold, mono

        var families: String {
            switch self {
            case .body: return TextPainter.bodyFamilies
            case .bold: return "DejaVu Sans Bold, Noto Sans Bold, " + TextPainter.bodyFamilies
            // Hashes: fixed width, so 64 digits line up and read as one word.
            case .mono: return "DejaVu Sans Mono, Noto Sans Mono, monospace"
            }
        }
    }

    var text: String
    var face: Face = .body
    var size: Double = 9
    var color: (Double, Double, Double) = (0.12, 0.13, 0.16)

    /// The height the text takes wrapped at `width` points.
    func height(width: Double, on cr: OpaquePointer) -> Double {
        let layout = make(width: width, on: cr)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return Double(logical.height) / Double(PANGO_SCALE)
    }

    /// Draws the text with its top-left corner at (`x`, `y`), wrapped at `width`; answers its height.
    @discardableResult
    func draw(x: Double, y: Double, width: Double, on cr: OpaquePointer) -> Double {
        let layout = make(width: width, on: cr)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        cairo_set_source_rgb(cr, color.0, color.1, color.2)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
        return Double(logical.height) / Double(PANGO_SCALE)
    }

    private func make(width: Double, on cr: OpaquePointer) -> OpaquePointer {
        let layout = pango_cairo_create_layout(cr)!
        // Metric hinting snaps advances to device pixels: wrong for PDF, and it would make the
        // measuring context and the page disagree.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(pango_layout_get_context(layout), options)
        cairo_font_options_destroy(options)
        pango_cairo_update_layout(cr, layout)
        let desc = pango_font_description_from_string(face.families)
        defer { pango_font_description_free(desc) }
        pango_font_description_set_absolute_size(desc, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, desc)
        pango_layout_set_text(layout, text, -1)
        // Hebrew or Arabic starts at the right edge of its cell.
        pango_layout_set_auto_dir(layout, 1)
        pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_width(layout, Int32(max(width, 1) * Double(PANGO_SCALE)))
        return layout
    }
}
