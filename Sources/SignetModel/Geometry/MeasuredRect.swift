/// A rectangle as a caller writes it: the coordinate contract's `x`, `y`, `width`, `height`,
/// in any `LengthUnit` (points when `unit` is absent).
///
/// It is normalised to points as soon as the page is known, and the points are what gets
/// stored and echoed back, so a caller always sees where a field really is.
package struct MeasuredRect: Codable, Hashable, Sendable {
    /// Distance from the displayed page's left edge.
    package var x: Double
    /// Distance from the displayed page's top edge.
    package var y: Double
    /// Width.
    package var width: Double
    /// Height.
    package var height: Double
    /// The unit of all four numbers; points when nil.
    package var unit: LengthUnit?

    /// Creates a measured rectangle.
    package init(x: Double, y: Double, width: Double, height: Double, unit: LengthUnit? = nil) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.unit = unit
    }

    /// A rectangle already in points.
    package init(_ rect: Rect) {
        self.init(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
    }

    /// The rectangle in points on a displayed page of `page` size (needed for fractions).
    package func points(onPage page: Rect) -> Rect {
        let unit = unit ?? .pt
        if let k = unit.points {
            return Rect(x: x * k, y: y * k, width: width * k, height: height * k)
        }
        return Rect(x: x * page.width, y: y * page.height, width: width * page.width, height: height * page.height)
    }

    /// The same rectangle expressed in points: what is stored and echoed back.
    package func normalised(onPage page: Rect) -> MeasuredRect {
        MeasuredRect(points(onPage: page).rounded)
    }

    /// Whether every number is finite.
    var isFinite: Bool { [x, y, width, height].allSatisfy(\.isFinite) }
}
