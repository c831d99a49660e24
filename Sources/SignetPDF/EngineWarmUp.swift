import CCairo
import CPango
import CSignetPoppler
import SignetModel

extension Engine {
    /// Loads now what a worker's first job would otherwise load on demand: fontconfig's
    /// configuration and caches, the body and handwriting fonts, Pango's shaper, Cairo's
    /// embedding of a font in a PDF (tens of milliseconds, the bulk of a first stamp), and
    /// Poppler (for a first preview or inspection). A worker started ahead of its first job does
    /// this while its parent is still preparing, so the first row costs what every other row does.
    ///
    /// Pango keeps one font map per thread, so this must run on the thread that performs jobs. It
    /// runs confined (see `WorkerLoop`): the fonts are system files Landlock lets a worker read,
    /// and the thread Pango starts to load fontconfig is confined too.
    package static func warmUp() {
        _ = signet_poppler_load(nil)
        FcInit()
        guard let document = try? OverlayDocument() else { return }
        let box = Rect(x: 10, y: 10, width: 80, height: 20)
        try? document.addPage(width: 100, height: 40) { cr in
            TextPainter().draw("Signet", in: box, on: cr)
            TextPainter(families: TextPainter.handwritingFamilies).draw("Signet", in: box, on: cr)
        }
        _ = try? document.finish()
    }
}
