import CCairo
import SignetModel

/// One page rasterised onto white, owning its Cairo image surface.
final class Raster {
    private let surface: OpaquePointer
    let width: Int
    let height: Int
    let stride: Int

    /// Renders `page` (displayed size `size`, points) at `dpi`.
    init(page: PopplerPageHandle, dpi: Double, size: (width: Double, height: Double)) throws {
        width = max(1, Int((size.width * dpi / 72).rounded()))
        height = max(1, Int((size.height * dpi / 72).rounded()))
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
            cairo_surface_status(s) == CAIRO_STATUS_SUCCESS
        else { throw SignetError(.memoryLimit, "no memory for a \(width) x \(height) pixel page") }
        surface = s
        stride = Int(cairo_image_surface_get_stride(s))
        let cr = cairo_create(s)!
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, Double(width) / size.width, Double(height) / size.height)
        page.render(into: cr)
        cairo_surface_flush(s)
    }

    deinit { cairo_surface_destroy(surface) }

    /// Gives `body` the pixel rows: `height` rows of `stride` bytes, each pixel 0x00RRGGBB.
    func withPixels<T>(_ body: (UnsafePointer<UInt8>) throws -> T) rethrows -> T {
        try body(cairo_image_surface_get_data(surface))
    }

    /// The pixel at (x, y) as 0x00RRGGBB (the fidelity tests compare pages with it).
    func pixel(x: Int, y: Int) -> UInt32 {
        withPixels { base in
            UnsafeRawPointer(base + y * stride + x * 4).loadUnaligned(as: UInt32.self) & 0x00FF_FFFF
        }
    }
}

@available(*, unavailable)
extension Raster: Sendable {}
