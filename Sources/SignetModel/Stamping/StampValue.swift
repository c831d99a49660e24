/// A value to draw into a field, as `values.json` carries it (an object keyed by field id):
/// a string for text-like kinds, `true`/`false` for a checkbox, and for signatures, initials
/// and images one of `{"image": "path-or-data-URL"}`, `{"typed": "Jane Doe"}` or
/// `{"strokes": [[[x, y], ...], ...]}` (points relative to the field's top-left corner).
package enum StampValue: Codable, Hashable, Sendable {
    case text(String)
    case checked(Bool)
    case image(String)
    case typed(String)
    case strokes([[Point]])

    /// A point of a drawn stroke, relative to the field's top-left corner, in points.
    package struct Point: Codable, Hashable, Sendable {
        package var x: Double
        package var y: Double

        /// Creates a point.
        package init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }

        package init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            x = try c.decode(Double.self)
            y = try c.decode(Double.self)
        }

        package func encode(to encoder: Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(x)
            try c.encode(y)
        }
    }

    private enum Keys: String, CodingKey { case image, typed, strokes }

    package init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if let b = try? single.decode(Bool.self) {
                self = .checked(b)
                return
            }
            if let s = try? single.decode(String.self) {
                self = .text(s)
                return
            }
            if let n = try? single.decode(Double.self) {
                // Numbers are accepted for number fields and printed without a trailing ".0".
                self = .text(n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n))
                return
            }
        }
        let c = try decoder.container(keyedBy: Keys.self)
        if let s = try c.decodeIfPresent(String.self, forKey: .image) {
            self = .image(s)
        } else if let s = try c.decodeIfPresent(String.self, forKey: .typed) {
            self = .typed(s)
        } else if let s = try c.decodeIfPresent([[Point]].self, forKey: .strokes) {
            self = .strokes(s)
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "expected a string, true/false, or an object with \"image\", \"typed\" or \"strokes\""))
        }
    }

    package func encode(to encoder: Encoder) throws {
        switch self {
        case .text(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .checked(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .image(let s):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(s, forKey: .image)
        case .typed(let s):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(s, forKey: .typed)
        case .strokes(let s):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(s, forKey: .strokes)
        }
    }
}
