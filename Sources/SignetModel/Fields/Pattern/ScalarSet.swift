/// A class of Unicode scalars: `[a-z0-9_-]`, `[^"]`, `.`, `\d`, `\w`, `\s`, `\p{L}`.
struct ScalarSet: Equatable, Sendable {
    /// One member of a class.
    enum Item: Equatable, Sendable {
        /// The scalars from `lower` to `upper`, both included.
        case range(UInt32, UInt32)
        /// A named class, or every scalar outside it when `negated`.
        case named(NamedClass, negated: Bool)
    }

    /// The classes that have a name, with ICU's meaning so existing patterns keep theirs.
    enum NamedClass: Equatable, Sendable {
        /// `\d`: a decimal digit in any script (general category Nd).
        case digit
        /// `\w`: ICU's word characters: alphabetic, marks, decimal digits, connector
        /// punctuation, ZWNJ and ZWJ.
        case word
        /// `\s`: Unicode's White_Space property, as ICU has it.
        case space
        /// `\p{..}`: one or more Unicode general categories.
        case categories([Unicode.GeneralCategory])
    }

    var items: [Item]
    /// `[^...]`: every scalar not in `items`.
    var negated: Bool

    /// `.`: anything but a line terminator (ICU's: LF, VT, FF, CR, NEL, LS, PS).
    static let anyButLineTerminator = ScalarSet(
        items: [.range(0x0A, 0x0D), .range(0x85, 0x85), .range(0x2028, 0x2029)], negated: true)

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        items.contains { $0.contains(scalar) } != negated
    }
}

extension ScalarSet.Item {
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .range(let lower, let upper): return lower <= scalar.value && scalar.value <= upper
        case .named(let named, let negated): return named.contains(scalar) != negated
        }
    }
}

extension ScalarSet.NamedClass {
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        switch self {
        case .digit:
            return category == .decimalNumber
        case .word:
            switch category {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
            default: return scalar.properties.isAlphabetic || scalar.value == 0x200C || scalar.value == 0x200D
            }
        case .space:
            return scalar.properties.isWhitespace
        case .categories(let categories):
            return categories.contains(category)
        }
    }
}
