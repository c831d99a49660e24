import CCairo
import Foundation
import SignetModel

extension Engine {
    /// Stamps an image onto a one-page document of its own in `folder`, then removes what it
    /// wrote: the first stamp of a process pays for loading what it touches (Poppler's set-up,
    /// qpdf, Cairo's PDF output, PNG decoding, the Swift runtime's first lookups of the request's
    /// types), about two thirds of a one-page stamp. A seed runs this on a second thread while
    /// `warmUp` runs on the first (see signet-engine), before it has its command, so that cost
    /// leaves the command's path. It draws no text (Pango's font map is per thread: the text is
    /// `warmUp`'s) and reads nothing of the user's: the document and the image are drawn here.
    /// Answers the job and its outcome (nil when it could not draw them), for the worker's
    /// protocol to rehearse too.
    package static func rehearse(in folder: String) -> (job: EngineJob, outcome: EngineOutcome)? {
        let document = folder + "/rehearsal.pdf"
        let image = folder + "/rehearsal.png"
        let output = folder + "/rehearsal-out.pdf"
        defer { for path in [document, image, output] { unlink(path) } }
        guard let pdf = try? OverlayDocument(),
            (try? pdf.addPage(width: 100, height: 40) { cr in
                cairo_rectangle(cr, 10, 10, 20, 20)
                cairo_fill(cr)
            }) != nil,
            let bytes = try? pdf.finish(), FileManager.default.createFile(atPath: document, contents: Data(bytes)),
            let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 2)
        else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_write_to_png(surface, image) == CAIRO_STATUS_SUCCESS else { return nil }
        let signature = StampField(id: "signature", kind: .signature, page: 1, rect: Rect(x: 40, y: 10, width: 40, height: 20))
        let job = EngineJob.stamp(
            StampRequest(path: document, fields: [signature], values: ["signature": .image(image)], output: output, durable: false))
        return (job, perform(job))
    }
}
