import CSignetPoppler
import Foundation
import SignetModel

/// An open Poppler document. It owns one `PopplerDocument*` reference, released in `deinit`.
///
/// Poppler objects are not thread-safe (and in some versions separate documents race on first
/// use), so a handle lives and dies on one thread of one worker process; it is deliberately
/// not `Sendable`.
final class PopplerDocumentHandle {
    let pointer: OpaquePointer
    let file: String

    /// Opens `bytes` (the whole file). Poppler takes its own reference to the GBytes, so the
    /// memory stays alive exactly as long as the document needs it.
    init(bytes: FileBytes, password: String?, file: String) throws {
        var failure: UnsafePointer<CChar>?
        guard signet_poppler_load(&failure) != 0 else {
            let reason = failure.map { String(cString: $0) } ?? "unknown reason"
            throw SignetError(
                .internal, "cannot load the PDF reader, libpoppler-glib (installed with poppler-utils or libpoppler-glib8): \(reason)")
        }
        var error: UnsafeMutablePointer<GError>?
        let gbytes = bytes.makeGBytes()
        defer { g_bytes_unref(gbytes) }
        guard let doc = signet_poppler_document_new_from_bytes(gbytes, password, &error) else {
            throw takePopplerError(error, file: file)
        }
        if let error { g_error_free(error) }
        pointer = doc
        self.file = file
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    /// Number of pages.
    var pageCount: Int { Int(signet_poppler_document_get_n_pages(pointer)) }

    /// The 1-based page `number`.
    func page(_ number: Int) throws -> PopplerPageHandle {
        guard number >= 1, number <= pageCount else {
            throw SignetError(.invalidInput, "page \(number) does not exist: \(file) has \(pageCount) pages")
        }
        guard let p = signet_poppler_document_get_page(pointer, Int32(number - 1)) else {
            throw SignetError(.damaged, "page \(number) of \(file) is damaged and cannot be read")
        }
        return PopplerPageHandle(pointer: p)
    }

    /// The 14 standard fonts every viewer must supply (forms use them for field text), so not
    /// embedding them is normal rather than a preflight problem.
    static let standardFonts: Set<String> = [
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
        "Times-Italic", "Times-BoldItalic", "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
        "Symbol", "ZapfDingbats",
    ]

    /// Names of fonts the document uses without embedding them (viewers will substitute them,
    /// so the document may look different elsewhere). Bounded by the page count.
    func fontsNotEmbedded() -> [String] {
        guard let info = signet_poppler_font_info_new(pointer) else { return [] }
        defer { signet_poppler_font_info_free(info) }
        var names: [String] = []
        var iter: OpaquePointer?
        // Scan everything in one call; the iterator lists each font once.
        guard signet_poppler_font_info_scan(info, Int32(pageCount), &iter) != 0, let iter else { return [] }
        defer { signet_poppler_fonts_iter_free(iter) }
        repeat {
            if signet_poppler_fonts_iter_is_embedded(iter) == 0 {
                let name = signet_poppler_fonts_iter_get_name(iter).map { String(cString: $0) } ?? "(unnamed)"
                if !Self.standardFonts.contains(name) && !names.contains(name) { names.append(name) }
            }
        } while signet_poppler_fonts_iter_next(iter) != 0
        return names
    }
}

@available(*, unavailable)
extension PopplerDocumentHandle: Sendable {}
