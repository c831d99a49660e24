/// A rectangle under Signet's coordinate contract: PDF points (1/72 inch), measured from the
/// top-left corner of the page *as a viewer shows it* (crop box, after rotation), x to the
/// right and y downwards.
package struct Rect: Codable, Hashable, Sendable {
    /// Distance from the displayed page's left edge, in points.
    package var x: Double
    /// Distance from the displayed page's top edge, in points.
    package var y: Double
    /// Width in points.
    package var width: Double
    /// Height in points.
    package var height: Double

    /// Creates a rectangle from its origin and size in points.
    package init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The right edge (`x + width`).
    package var maxX: Double { x + width }
    /// The bottom edge (`y + height`).
    package var maxY: Double { y + height }

    /// The same rectangle with every coordinate rounded to 1/100 point, so JSON stays readable.
    package var rounded: Rect {
        func r(_ v: Double) -> Double { (v * 100).rounded() / 100 }
        return Rect(x: r(x), y: r(y), width: r(width), height: r(height))
    }

    /// Whether `other` lies inside this rectangle, allowing `tolerance` points of slack.
    package func contains(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        other.x >= x - tolerance && other.y >= y - tolerance
            && other.maxX <= maxX + tolerance && other.maxY <= maxY + tolerance
    }

    /// Whether the two rectangles overlap by more than a hair.
    package func intersects(_ other: Rect) -> Bool {
        other.x < maxX && other.maxX > x && other.y < maxY && other.maxY > y
    }
}

extension Rect {
    /// The smallest rectangle containing both.
    package func union(_ other: Rect) -> Rect {
        let x0 = min(x, other.x)
        let y0 = min(y, other.y)
        return Rect(x: x0, y: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }
}
