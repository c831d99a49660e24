import Foundation
import SignetFiles
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
                message:
                    "page \(number) rendered at \(Int(dpi)) dpi instead of \(Int(asked)): the preview would exceed \(limits.maxPixelsPerPage) pixels",
                page: number)
        }
        let raster = try Raster(page: page, dpi: dpi, size: size)
        let png = raster.withPixels {
            PNGEncoder.encodeRGB(pixels: $0, width: raster.width, height: raster.height, stride: raster.stride)
        }
        try AtomicFile.write(png, to: path)
        return (
            RenderedPage(page: number, path: path, width: raster.width, height: raster.height, dpi: (dpi * 100).rounded() / 100), warning
        )
    }
}
