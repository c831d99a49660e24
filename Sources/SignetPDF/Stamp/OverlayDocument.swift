import CCairo
import SignetModel

/// A Cairo PDF document built in memory: the overlay of a stamp (one page per stamped page,
/// drawn upright at the target page's *displayed* size, so fields are drawn directly in
/// contract coordinates), a cached image asset, or a page of a sample document (SignetSamples,
/// hence `package`). The merge
/// later places its pages with the target page's rotation and crop box folded into one matrix.
package final class OverlayDocument {
    private let surface: OpaquePointer
    private let sink: Sink
    private(set) var pageCount = 0

    /// Where Cairo writes the PDF; passed to its C callback as the closure pointer.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    package init() throws {
        sink = Sink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        // The first page's size is set per page below; 1x1 is a placeholder.
        surface = cairo_pdf_surface_create_for_stream(
            { closure, data, length in
                let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, closure, 1, 1)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw SignetError(.internal, "Cairo cannot create a PDF surface")
        }
    }

    deinit { cairo_surface_destroy(surface) }

    /// Starts a page of the given size in points and hands `draw` a context whose user space is
    /// that page, origin top-left, y down.
    package func addPage(width: Double, height: Double, draw: (OpaquePointer) throws -> Void) throws {
        cairo_pdf_surface_set_size(surface, width, height)
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        try draw(cr)
        cairo_show_page(cr)
        pageCount += 1
    }

    /// Sets the document's creation date (ISO 8601) instead of "now".
    package func setCreationDate(_ iso: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, iso)
    }

    /// Sets the document's title and creator, as readers show them.
    func setTitle(_ title: String, creator: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, creator)
    }

    /// Finishes the document and returns its bytes; it can take no more pages afterwards.
    package func finish() throws -> [UInt8] {
        cairo_surface_finish(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw SignetError(
                .internal, "writing the overlay failed: \(String(cString: cairo_status_to_string(cairo_surface_status(surface))))")
        }
        return sink.bytes
    }
}

@available(*, unavailable)
extension OverlayDocument: Sendable {}
