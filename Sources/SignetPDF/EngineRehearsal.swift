import CCairo
import Glibc
import SignetModel

extension Engine {
    /// Performs, once, a stamp (text, a check mark, a typed and an image signature), a render and
    /// an inspection of a document it makes in `folder`, then removes what it wrote. The
    /// standby engine does this before it forks any worker (see SignetWorkers' `StandbyHost`):
    /// beyond what `warmUp` loads, every first use (qpdf's parser and writer, PNG decoding and
    /// image embedding, Poppler's page rendering, their allocations) is then already paid in the
    /// process each command's worker is copied from, so a command's first job costs what a warm
    /// worker's does. It reads nothing but what it wrote. Answers the jobs and their outcomes,
    /// for the caller to rehearse the worker protocol's messages with.
    package static func rehearse(in folder: String) -> [(EngineJob, EngineOutcome)] {
        warmUp()
        // Named after this process: the standby engine's spares rehearse in the same folder.
        let stem = folder + "/rehearsal-\(getpid())"
        let blank = stem + ".pdf"
        let image = stem + ".png"
        let stamped = stem + "-stamped.pdf"
        let preview = stem + "-preview.png"
        defer {
            for path in [blank, image, stamped, preview] { unlink(path) }
        }
        guard let document = try? OverlayDocument(), (try? document.addPage(width: 612, height: 792) { _ in }) != nil,
            let bytes = try? document.finish(), writeFile(bytes, to: blank), writeImage(to: image)
        else { return [] }
        let fields = [
            StampField(id: "name", kind: .text, page: 1, rect: Rect(x: 72, y: 72, width: 200, height: 20)),
            StampField(id: "agreed", kind: .checkbox, page: 1, rect: Rect(x: 72, y: 120, width: 12, height: 12)),
            StampField(id: "typed", kind: .signature, page: 1, rect: Rect(x: 72, y: 160, width: 150, height: 40)),
            StampField(id: "drawn", kind: .signature, page: 1, rect: Rect(x: 72, y: 220, width: 150, height: 40)),
        ]
        let values: [String: StampValue] = [
            "name": .text("Signet"), "agreed": .checked(true), "typed": .typed("Signet"), "drawn": .image(image),
        ]
        let jobs: [EngineJob] = [
            .stamp(StampRequest(path: blank, fields: fields, values: values, output: stamped, durable: false)),
            .render(RenderRequest(path: stamped, pages: .all, scale: .dpi(20), output: preview)),
            .inspect(InspectRequest(path: stamped)),
        ]
        return jobs.map { ($0, perform($0)) }
    }

    private static func writeFile(_ bytes: [UInt8], to path: String) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        defer { fclose(file) }
        return fwrite(bytes, 1, bytes.count, file) == bytes.count
    }

    /// A small image with an alpha channel, as a drawn signature is.
    private static func writeImage(to path: String) -> Bool {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 60, 20) else { return false }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        cairo_set_source_rgba(cr, 0, 0, 0.5, 1)
        cairo_move_to(cr, 5, 15)
        cairo_line_to(cr, 55, 5)
        cairo_stroke(cr)
        cairo_destroy(cr)
        return cairo_surface_write_to_png(surface, path) == CAIRO_STATUS_SUCCESS
    }
}
