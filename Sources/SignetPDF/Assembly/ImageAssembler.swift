import CCairo
import Foundation
import SignetFiles
import SignetModel

/// The `assembleImages` job: one A4 page per uploaded image, in order, drawn with Cairo's PDF
/// surface. Images load through `StampImage`, so a JPEG is embedded as-is (DCT), never re-encoded.
struct ImageAssembler {
    let request: ImageAssemblyRequest

    /// Most images one document may hold, whatever `limits.maxPages` allows: each is decoded
    /// and written in turn, so the count bounds the job's time.
    static let maxImages = 50
    /// A4 in points.
    static let a4 = (short: 595.28, long: 841.89)
    /// Blank border kept around every image, in points.
    static let margin = 36.0
    /// Small images are enlarged to fill the page, but no further than this many points per
    /// pixel, so a thumbnail does not turn into a page of blurred blocks.
    static let maxUpscale = 4.0

    func run() throws -> ImageAssemblyReport {
        let images = request.images
        guard !images.isEmpty else { throw SignetError(.invalidInput, "no images to assemble") }
        let maxCount = min(Self.maxImages, request.limits.maxPages)
        guard images.count <= maxCount else {
            throw SignetError(.tooManyPages, "\(images.count) images, one page each; the limit is \(maxCount)")
        }
        // The images together are this job's input, so the input size limit applies to their sum
        // (a missing file counts as empty here; loading it reports it by name).
        let total = images.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        guard total <= request.limits.maxFileBytes else {
            throw SignetError(.tooLarge, "the images are \(total) bytes together; the limit is \(request.limits.maxFileBytes) bytes")
        }

        // Written beside the output and moved into place, so a failed or killed job never leaves
        // a half-written document under the output's name.
        let temp = AtomicFile.temporaryPath(for: request.output)
        defer { unlink(temp) }
        // The size is set per page below; 1x1 is a placeholder.
        let surface = cairo_pdf_surface_create(temp, 1, 1)!
        defer { cairo_surface_destroy(surface) }
        try Self.check(surface, "cannot create \(temp)")
        for (index, path) in images.enumerated() {
            // Loaded one at a time: only one decoded image is held in memory.
            let image = try StampImage(source: path, field: "image \(index + 1)")
            Self.addPage(showing: image, to: surface)
        }
        cairo_surface_finish(surface)
        try Self.check(surface, "cannot write \(temp)")
        try AtomicFile.commit(temp, to: request.output, durable: request.durable)
        return ImageAssemblyReport(output: request.output, pages: images.count)
    }

    /// Adds an A4 page, landscape for an image wider than tall, with the image centred inside
    /// the margin at the largest size that fits, keeping its aspect ratio.
    private static func addPage(showing image: StampImage, to surface: OpaquePointer) {
        // Measured upright: a phone photo stored sideways with an EXIF orientation is laid out as seen.
        let (iw, ih) = (Double(image.displayWidth), Double(image.displayHeight))
        let (width, height) = iw > ih ? (a4.long, a4.short) : (a4.short, a4.long)
        let scale = min((width - 2 * margin) / iw, (height - 2 * margin) / ih, maxUpscale)
        let w = iw * scale
        let h = ih * scale
        cairo_pdf_surface_set_size(surface, width, height)
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        image.paint(in: Rect(x: (width - w) / 2, y: (height - h) / 2, width: w, height: h), on: cr)
        cairo_show_page(cr)
    }

    private static func check(_ surface: OpaquePointer, _ what: String) throws {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw SignetError(.io, "\(what): \(String(cString: cairo_status_to_string(status)))")
        }
    }
}
