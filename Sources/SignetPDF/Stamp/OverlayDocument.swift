import CCairo
import SignetModel

/// A Cairo PDF surface holding one overlay page per stamped page. Each overlay page is drawn
/// upright at the target page's *displayed* size, so fields are drawn directly in contract
/// coordinates; the merge step later places it onto the original page with the page's
/// rotation and crop box folded into one matrix.
final class OverlayDocument {
    private let surface: OpaquePointer
    private(set) var pageCount = 0
    private var open = false

    /// Creates the overlay file at `path`.
    init(path: String) throws {
        // The first page's size is set per page below; 1x1 is a placeholder.
        surface = cairo_pdf_surface_create(path, 1, 1)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw SignetError(.io, "cannot create the overlay file \(path)")
        }
    }

    deinit { cairo_surface_destroy(surface) }

    /// Starts a page of the given displayed size and hands `draw` a context whose user space is
    /// the displayed page in points, origin top-left, y down.
    func addPage(width: Double, height: Double, draw: (OpaquePointer) throws -> Void) throws {
        cairo_pdf_surface_set_size(surface, width, height)
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        try draw(cr)
        cairo_show_page(cr)
        pageCount += 1
    }

    /// Sets the document's creation date (ISO 8601) instead of "now".
    func setCreationDate(_ iso: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, iso)
    }

    /// Writes the file out; the surface can take no more pages afterwards.
    func finish() throws {
        cairo_surface_finish(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw SignetError(.io, "writing the overlay failed: \(String(cString: cairo_status_to_string(cairo_surface_status(surface))))")
        }
    }
}

@available(*, unavailable)
extension OverlayDocument: Sendable {}
