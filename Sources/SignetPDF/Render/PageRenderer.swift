import CCairo
import CPoppler
import Foundation
import SignetModel

/// Renders pages of one open document to PNG files.
struct PageRenderer {
    let document: PopplerDocumentHandle
    let limits: EngineLimits

    /// Renders `page` at `scale` and writes a PNG to `path` (atomically).
    ///
    /// The pixel cap is applied before any allocation: a page declared 200 inches wide at
    /// 300 dpi is scaled down rather than allowed to ask for gigabytes.
    func render(page number: Int, scale: RenderScale, to path: String) throws -> (RenderedPage, Warning?) {
        let page = try document.page(number)
        let size = page.displayedSize
        guard size.width > 0, size.height > 0, size.width.isFinite, size.height.isFinite else {
            throw SignetError(.damaged, "page \(number) has no usable size (\(size.width) x \(size.height) pt)")
        }
        var dpi: Double
        switch scale {
        case .dpi(let d): dpi = d
        case .width(let w): dpi = Double(w) * 72 / size.width
        }
        var warning: Warning?
        let asked = dpi
        let maxPixels = Double(limits.maxPixelsPerPage)
        if (size.width * dpi / 72) * (size.height * dpi / 72) > maxPixels {
            dpi = (maxPixels / (size.width * size.height)).squareRoot() * 72
            warning = Warning(
                code: "pixelCap",
                message: "page \(number) rendered at \(Int(dpi)) dpi instead of \(Int(asked)): the preview would exceed \(limits.maxPixelsPerPage) pixels",
                page: number)
        }
        let width = max(1, Int((size.width * dpi / 72).rounded()))
        let height = max(1, Int((size.height * dpi / 72).rounded()))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw SignetError(.memoryLimit, "no memory for a \(width) x \(height) preview of page \(number)") }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, Double(width) / size.width, Double(height) / size.height)
        page.render(into: cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        let png = try PNGEncoder.encodeRGB(
            pixels: cairo_image_surface_get_data(surface), width: width, height: height,
            stride: Int(cairo_image_surface_get_stride(surface)))
        try AtomicFile.write(png, to: path)
        return (RenderedPage(page: number, path: path, width: width, height: height, dpi: (dpi * 100).rounded() / 100), warning)
    }
}
