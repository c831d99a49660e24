/// Reads a pattern into a `PatternNode`, refusing with a reason every construct the linear-time
/// matcher cannot do (backreferences, lookaround, atomic groups, possessive quantifiers) and
/// every one it does not know (inline flags, nested classes), rather than guessing.
struct PatternParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0
    /// Groups nest at most this deep, which bounds the parser's recursion (and so its stack).
    static let maxDepth = 32

    private init(_ source: String) { scalars = Array(source.unicodeScalars) }

    /// The tree of `source`.
    static func parse(_ source: String) throws(PatternError) -> PatternNode {
        var parser = PatternParser(source)
        let node = try parser.alternation()
        if parser.index < parser.scalars.count {
            // `alternation` stops only at the end or at a ')' it did not open.
            throw PatternError("has a ')' with no '(' before it")
        }
        return node
    }

    private var next: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func take(_ scalar: Unicode.Scalar) -> Bool {
        guard next == scalar else { return false }
        index += 1
        return true
    }

    // MARK: - Structure

    private mutating func alternation() throws(PatternError) -> PatternNode {
        var alternatives = [try sequence()]
        while take("|") { alternatives.append(try sequence()) }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func sequence() throws(PatternError) -> PatternNode {
        var parts: [PatternNode] = []
        while let scalar = next, scalar != "|", scalar != ")" {
            if scalar == "\\", peek(1) == "Q" {
                index += 2
                parts += quoted()
                continue
            }
            parts.append(try quantified(try atom()))
        }
        return parts.isEmpty ? .empty : parts.count == 1 ? parts[0] : .sequence(parts)
    }

    /// `\Q...\E`: everything up to `\E` (or the end) literally.
    private mutating func quoted() -> [PatternNode] {
        var parts: [PatternNode] = []
        while let scalar = next {
            if scalar == "\\", peek(1) == "E" {
                index += 2
                break
            }
            parts.append(.scalar(scalar))
            index += 1
        }
        return parts
    }

    private mutating func atom() throws(PatternError) -> PatternNode {
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "(": return try group()
        case "[": return .set(try set())
        case ".": return .set(.anyButLineTerminator)
        case "^": return .start
        case "$": return .end
        case "\\": return try escape()
        case "*", "+", "?":
            throw PatternError("has a '\(scalar)' with nothing before it to repeat; write \\\(scalar) for the character itself")
        case "{":
            index -= 1
            _ = try count()
            throw PatternError("has a count {..} with nothing before it to repeat")
        default: return .scalar(scalar)
        }
    }

    /// After '(': a group, plain or `(?:`, `(?<name>`; lookaround, atomic groups and flags are refused.
    private mutating func group() throws(PatternError) -> PatternNode {
        if take("?") {
            switch next {
            case ":":
                index += 1
            case "=", "!":
                throw PatternError("uses a lookahead (?\(next!)...), which cannot be checked in linear time")
            case "<" where peek(1) == "=" || peek(1) == "!":
                throw PatternError("uses a lookbehind (?<\(peek(1)!)...), which cannot be checked in linear time")
            case "<":
                index += 1
                while let scalar = next, scalar != ">" {
                    guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else {
                        throw PatternError("has a group name that is not letters and digits")
                    }
                    index += 1
                }
                guard take(">") else { throw PatternError("has a group name with no closing '>'") }
            case ">":
                throw PatternError("uses an atomic group (?>...), which this matcher does not support")
            default:
                throw PatternError(
                    "uses inline flags or a '(?' form this matcher does not support (e.g. (?i)); list both cases in a class, [Aa]")
            }
        }
        depth += 1
        guard depth <= Self.maxDepth else { throw PatternError("nests groups more than \(Self.maxDepth) deep") }
        let inner = try alternation()
        depth -= 1
        guard take(")") else { throw PatternError("has a '(' that is not closed") }
        return inner
    }

    // MARK: - Quantifiers

    private mutating func quantified(_ operand: PatternNode) throws(PatternError) -> PatternNode {
        var node = operand
        var quantified = false
        while let scalar = next {
            let bounds: (min: Int, max: Int?)
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                bounds = try count()
            default: return node
            }
            // Like ICU: `a**` or `a{2}{3}` is an error; a group makes the intent explicit.
            guard !quantified else {
                throw PatternError("has two quantifiers in a row; put the first in a group, e.g. (a{2}){3}")
            }
            quantified = true
            index += 1
            if node == .start || node == .end {
                throw PatternError("repeats an anchor ('^' or '$'), which matches no character")
            }
            // Lazy forms are accepted as greedy: only match or no match matters here.
            _ = take("?")
            if next == "+" {
                throw PatternError("uses a possessive quantifier ('\(scalar)+'), which this matcher does not support")
            }
            node = .repetition(node, min: bounds.min, max: bounds.max)
        }
        return node
    }

    /// At '{': `{n}`, `{n,}` or `{n,m}`, leaving the index on the closing '}'. Like ICU, a '{'
    /// that does not start a count is an error unless it is escaped.
    private mutating func count() throws(PatternError) -> (min: Int, max: Int?) {
        index += 1
        func number() throws(PatternError) -> Int? {
            var digits = ""
            while let scalar = next, ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
                index += 1
            }
            guard !digits.isEmpty else { return nil }
            guard digits.count <= 7, let value = Int(digits), value <= FieldPattern.maxCount else {
                throw PatternError("has a count above \(FieldPattern.maxCount)")
            }
            return value
        }
        guard let min = try number() else {
            throw PatternError("has a '{' that does not start a count such as {3}, {2,} or {2,5}; write \\{ for the character")
        }
        var max: Int? = min
        if take(",") { max = try number() }
        guard next == "}" else {
            throw PatternError("has a count that is not closed with '}'")
        }
        if let max, max < min { throw PatternError("has a count {\(min),\(max)} whose upper bound is below its lower bound") }
        return (min, max)
    }

    // MARK: - Escapes and classes

    /// After '\' outside a class.
    private mutating func escape() throws(PatternError) -> PatternNode {
        guard let scalar = next else { throw PatternError("ends with a lone '\\'") }
        switch scalar {
        case "1"..."9", "k":
            throw PatternError("uses a backreference (\\\(scalar)), which cannot be checked in linear time")
        case "A":
            index += 1
            return .start
        case "z", "Z":
            index += 1
            return .end
        default:
            switch try escapedItem() {
            case .range(let lower, _): return .scalar(Unicode.Scalar(lower)!)
            case let item: return .set(ScalarSet(items: [item], negated: false))
            }
        }
    }

    /// After '\' (in or out of a class): a character or a named class.
    private mutating func escapedItem() throws(PatternError) -> ScalarSet.Item {
        guard let scalar = next else { throw PatternError("ends with a lone '\\'") }
        index += 1
        func character(_ value: UInt32) -> ScalarSet.Item { .range(value, value) }
        switch scalar {
        case "d", "D": return .named(.digit, negated: scalar == "D")
        case "w", "W": return .named(.word, negated: scalar == "W")
        case "s", "S": return .named(.space, negated: scalar == "S")
        case "p", "P": return .named(.categories(try categories()), negated: scalar == "P")
        case "n": return character(0x0A)
        case "t": return character(0x09)
        case "r": return character(0x0D)
        case "f": return character(0x0C)
        case "e": return character(0x1B)
        case "a": return character(0x07)
        case "x", "u": return character(try hexadecimal(braced: scalar == "x", digits: scalar == "x" ? 2 : 4))
        case "b", "B":
            throw PatternError("uses a word boundary (\\\(scalar)), which this matcher does not support")
        case _ where scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)):
            throw PatternError("uses the escape \\\(scalar), which this matcher does not support")
        default:
            // Escaped punctuation, symbols and any other character stand for themselves.
            return character(scalar.value)
        }
    }

    /// `\xhh`, `\x{h...}` or `\uhhhh`.
    private mutating func hexadecimal(braced: Bool, digits: Int) throws(PatternError) -> UInt32 {
        var hex = ""
        if braced && take("{") {
            while let scalar = next, scalar != "}" {
                hex.unicodeScalars.append(scalar)
                index += 1
            }
            guard take("}") else { throw PatternError("has a \\x{ that is not closed") }
        } else {
            for _ in 0..<digits {
                guard let scalar = next else { break }
                hex.unicodeScalars.append(scalar)
                index += 1
            }
        }
        guard hex.count <= 6, let value = UInt32(hex, radix: 16), Unicode.Scalar(value) != nil else {
            throw PatternError("has a hexadecimal escape that is not a Unicode character")
        }
        return value
    }

    /// After `\p` or `\P`: `{L}`, `{Lu}`, or a one-letter `\pL`.
    private mutating func categories() throws(PatternError) -> [Unicode.GeneralCategory] {
        var name = ""
        if take("{") {
            while let scalar = next, scalar != "}" {
                name.unicodeScalars.append(scalar)
                index += 1
            }
            guard take("}") else { throw PatternError("has a \\p{ that is not closed") }
        } else if let scalar = next {
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard let categories = GeneralCategoryNames.categories(named: name) else {
            throw PatternError("uses the property \\p{\(name)}; only general categories such as \\p{L}, \\p{Lu} or \\p{Nd} are supported")
        }
        return categories
    }

    /// After '[': members up to the closing ']'.
    private mutating func set() throws(PatternError) -> ScalarSet {
        let negated = take("^")
        var items: [ScalarSet.Item] = []
        while true {
            guard let scalar = next else { throw PatternError("has a '[' that is not closed") }
            index += 1
            switch scalar {
            case "]" where !items.isEmpty:
                return ScalarSet(items: items, negated: negated)
            case "[":
                throw PatternError(
                    "has a '[' inside a class (nested classes and set operations are not supported); write \\[ for the bracket")
            case "&" where next == "&":
                throw PatternError("uses '&&' in a class (set intersection is not supported)")
            default:
                // A ']' first in a class is the bracket itself, as in ICU (`[]a]`).
                let item = scalar == "\\" ? try escapedItem() : .range(scalar.value, scalar.value)
                guard case .range(let lower, _) = item, next == "-", let after = peek(1), after != "]" else {
                    items.append(item)
                    continue
                }
                index += after == "\\" ? 2 : 1
                let end = after == "\\" ? try escapedItem() : nextLiteral()
                guard case .range(let upper, _) = end else { throw PatternError("has a range that ends in a class such as \\d") }
                guard lower <= upper else {
                    throw PatternError(
                        "has the range \(Unicode.Scalar(lower)!)-\(Unicode.Scalar(upper)!), whose end comes before its start")
                }
                items.append(.range(lower, upper))
            }
        }
    }

    private mutating func nextLiteral() -> ScalarSet.Item {
        let scalar = scalars[index]
        index += 1
        return .range(scalar.value, scalar.value)
    }
}
