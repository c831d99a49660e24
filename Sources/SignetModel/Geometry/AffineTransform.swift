/// A 2-D affine transform in PDF's `[a b c d e f]` order: `x' = a·x + c·y + e`,
/// `y' = b·x + d·y + f`.
package struct AffineTransform: Codable, Hashable, Sendable {
    package var a: Double, b: Double, c: Double, d: Double, e: Double, f: Double

    /// Creates a transform from its six PDF coefficients.
    package init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) {
        (self.a, self.b, self.c, self.d, self.e, self.f) = (a, b, c, d, e, f)
    }

    /// The identity transform.
    package static let identity = AffineTransform(a: 1, b: 0, c: 0, d: 1, e: 0, f: 0)

    /// Applies the transform to a point.
    package func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// The transform that applies `inner` first, then this one (`self ∘ inner`).
    package func concatenating(_ inner: AffineTransform) -> AffineTransform {
        AffineTransform(
            a: a * inner.a + c * inner.b, b: b * inner.a + d * inner.b,
            c: a * inner.c + c * inner.d, d: b * inner.c + d * inner.d,
            e: a * inner.e + c * inner.f + e, f: b * inner.e + d * inner.f + f)
    }

    /// The six coefficients in PDF order, as a `cm` operator takes them.
    package var coefficients: [Double] { [a, b, c, d, e, f] }
}
