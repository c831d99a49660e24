import CCairo
import CPango
import SignetModel

extension Engine {
    /// Loads now what a worker's first stamp would otherwise load on demand: fontconfig's
    /// configuration and caches, the body and handwriting fonts, and Pango's shaper (tens of
    /// milliseconds, the bulk of a first stamp). A worker started ahead of its first job does this
    /// while its parent is still preparing, so the first row costs what every other row does.
    ///
    /// Pango keeps one font map per thread, so this must run on the thread that performs jobs.
    /// Pango loads fontconfig in a thread of its own; loading it here first lets that thread find
    /// it done and end at once (a worker confines itself only once it runs one thread again, see
    /// `WorkerLoop`).
    package static func warmUp() {
        FcInit()
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 16) else { return }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return }
        defer { cairo_destroy(cr) }
        let box = Rect(x: 0, y: 0, width: 64, height: 16)
        TextPainter().draw("Signet", in: box, on: cr)
        TextPainter(families: TextPainter.handwritingFamilies).draw("Signet", in: box, on: cr)
    }
}
