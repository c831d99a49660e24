/// Units a caller may use for rectangles. Everything is stored in points; other units exist
/// only on input and are converted once, by `MeasuredRect.points(onPage:)`.
package enum LengthUnit: String, Codable, Hashable, Sendable, CaseIterable {
    /// PDF points, 1/72 inch (the stored unit).
    case pt
    /// Millimetres.
    case mm
    /// Inches.
    case `in`
    /// A fraction of the displayed page: x and width of its width, y and height of its height.
    case fraction

    /// Points per unit for absolute units; nil for `fraction`, which depends on the page.
    package var points: Double? {
        switch self {
        case .pt: return 1
        case .mm: return 72 / 25.4
        case .in: return 72
        case .fraction: return nil
        }
    }
}
