/// Where a page is and how a viewer turns it: the single place where Signet's coordinate
/// contract (top-left of the displayed crop box, y down) meets PDF user space.
///
/// Every peer product gets rotated pages wrong somewhere because the conversion is spread
/// around; here it is written once and everything else (stamping, word boxes, AcroForm import)
/// goes through it.
package struct PageGeometry: Codable, Hashable, Sendable {
    /// The page's media box in user space.
    package var mediaBox: PDFBox
    /// The visible region: the crop box intersected with the media box.
    package var cropBox: PDFBox
    /// Clockwise rotation a viewer applies: 0, 90, 180 or 270.
    package var rotation: Int

    /// Creates a geometry; the rotation is normalised to 0, 90, 180 or 270.
    package init(mediaBox: PDFBox, cropBox: PDFBox? = nil, rotation: Int = 0) {
        self.mediaBox = mediaBox
        self.cropBox = cropBox ?? mediaBox
        self.rotation = Self.normalise(rotation)
    }

    /// Maps any `/Rotate` value to 0, 90, 180 or 270 (the PDF spec requires multiples of 90;
    /// other values are rounded to the nearest one, as viewers do).
    package static func normalise(_ rotation: Int) -> Int {
        let quarter = Int((Double(rotation) / 90).rounded())
        return ((quarter % 4) + 4) % 4 * 90
    }

    /// Whether the viewer swaps width and height.
    package var isQuarterTurn: Bool { rotation == 90 || rotation == 270 }

    /// The page size as the viewer shows it, in points.
    package var displayedWidth: Double { isQuarterTurn ? cropBox.height : cropBox.width }
    /// The page height as the viewer shows it, in points.
    package var displayedHeight: Double { isQuarterTurn ? cropBox.width : cropBox.height }

    /// The whole displayed page as a contract rectangle.
    package var displayedBounds: Rect { Rect(x: 0, y: 0, width: displayedWidth, height: displayedHeight) }

    /// The transform from displayed coordinates (origin top-left, y down) to user space.
    package var displayedToUser: AffineTransform {
        let c = cropBox
        switch rotation {
        case 90: return AffineTransform(a: 0, b: 1, c: 1, d: 0, e: c.x0, f: c.y0)
        case 180: return AffineTransform(a: -1, b: 0, c: 0, d: 1, e: c.x1, f: c.y0)
        case 270: return AffineTransform(a: 0, b: -1, c: -1, d: 0, e: c.x1, f: c.y1)
        default: return AffineTransform(a: 1, b: 0, c: 0, d: -1, e: c.x0, f: c.y1)
        }
    }

    /// The transform that places an overlay page drawn upright at the displayed size (a PDF page
    /// whose media box is `[0 0 displayedWidth displayedHeight]`, y up) onto this page.
    ///
    /// It is `displayedToUser` composed with the overlay's own flip `(u, v) -> (u, H - v)`.
    package var overlayMatrix: AffineTransform {
        let t = displayedToUser
        let h = displayedHeight
        // (u, v) -> displayed (u, h - v) -> user: fold the flip into the coefficients.
        return AffineTransform(a: t.a, b: t.b, c: -t.c, d: -t.d, e: t.e + t.c * h, f: t.f + t.d * h)
    }

    /// Converts a rectangle in user space (e.g. an AcroForm widget's `/Rect`, a word box) to the
    /// coordinate contract.
    package func displayedRect(fromUser box: PDFBox) -> Rect {
        let inverse = userToDisplayed
        let corners = [(box.x0, box.y0), (box.x1, box.y1)].map { inverse.apply(x: $0.0, y: $0.1) }
        let r = PDFBox(corners[0].x, corners[0].y, corners[1].x, corners[1].y)
        return Rect(x: r.x0, y: r.y0, width: r.width, height: r.height)
    }

    /// Converts a contract rectangle to user space.
    package func userBox(fromDisplayed rect: Rect) -> PDFBox {
        let t = displayedToUser
        let p = t.apply(x: rect.x, y: rect.y)
        let q = t.apply(x: rect.maxX, y: rect.maxY)
        return PDFBox(p.x, p.y, q.x, q.y)
    }

    /// The inverse of `displayedToUser` (its linear part is a signed permutation, so the
    /// inverse is its transpose).
    private var userToDisplayed: AffineTransform {
        let t = displayedToUser
        let a = t.a, b = t.c, c = t.b, d = t.d
        return AffineTransform(a: a, b: b, c: c, d: d, e: -(a * t.e + c * t.f), f: -(b * t.e + d * t.f))
    }
}
