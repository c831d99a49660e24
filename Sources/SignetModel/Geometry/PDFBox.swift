/// A rectangle in a PDF page's default user space (origin bottom-left, y upwards), as the
/// file stores it in `/MediaBox` or `/CropBox`: `[x0, y0, x1, y1]`, normalised so that
/// `x0 < x1` and `y0 < y1`.
package struct PDFBox: Codable, Hashable, Sendable {
    /// Left edge.
    package var x0: Double
    /// Bottom edge.
    package var y0: Double
    /// Right edge.
    package var x1: Double
    /// Top edge.
    package var y1: Double

    /// Creates a box from two corners in any order.
    package init(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) {
        x0 = min(ax, bx)
        y0 = min(ay, by)
        x1 = max(ax, bx)
        y1 = max(ay, by)
    }

    /// Width in points.
    package var width: Double { x1 - x0 }
    /// Height in points.
    package var height: Double { y1 - y0 }

    // Encoded as the four-number array the PDF itself uses.
    package init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let v = try (0..<4).map { _ in try c.decode(Double.self) }
        self.init(v[0], v[1], v[2], v[3])
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(contentsOf: [x0, y0, x1, y1])
    }
}
