/// A length of time written as an ISO 8601 duration, limited to the parts that have one fixed
/// length: weeks (`P2W`, on their own), days, hours, minutes and seconds (`P7D`, `PT3S`,
/// `P1DT12H`). Months and years are refused: "P1M" is 28 to 31 days depending on when it is
/// counted from, and a lifetime or a reminder must mean the same thing whenever it is read.
/// Whole numbers only; a fraction or a sign is refused rather than rounded.
package struct ISODuration: Hashable, Sendable, CustomStringConvertible {
    /// The length in seconds.
    package var seconds: Int

    /// Creates a duration of `seconds`.
    package init(seconds: Int) { self.seconds = seconds }

    /// The shortest ISO 8601 form, e.g. `P1DT12H`, `PT3S`, `PT0S`.
    package var description: String {
        var rest = seconds
        let days = rest / 86_400
        rest %= 86_400
        let time = [(rest / 3600, "H"), (rest % 3600 / 60, "M"), (rest % 60, "S")].filter { $0.0 > 0 }
        var text = "P" + (days > 0 ? "\(days)D" : "")
        if !time.isEmpty { text += "T" + time.map { "\($0.0)\($0.1)" }.joined() }
        return text == "P" ? "PT0S" : text
    }

    /// Why `text` is not a duration this parser accepts, in words a person can act on.
    package struct Refusal: Error, Hashable, Sendable {
        package var reason: String
    }

    /// Parses `text` (upper case designators, as ISO 8601 writes them; lower case is accepted too).
    package static func parse(_ text: String) -> Result<ISODuration, Refusal> {
        let example = "write an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. P7D, PT3S or P1DT12H"
        var chars = Array(text.uppercased())
        guard chars.count <= 40, chars.first == "P", chars.count > 1 else { return .failure(Refusal(reason: example)) }
        chars.removeFirst()
        // Each designator once, in this order; "T" separates the date part from the time part.
        let dateUnits: [(Character, Int)] = [("W", 604_800), ("D", 86_400)]
        let timeUnits: [(Character, Int)] = [("H", 3600), ("M", 60), ("S", 1)]
        var total = 0
        var inTime = false
        var seen: [Character] = []
        var lastIndex: Int?
        var digits = ""
        for c in chars {
            if c.isASCII && c.isNumber {
                digits.append(c)
                guard digits.count <= 9 else { return .failure(Refusal(reason: "the number \(digits)… is too large")) }
                continue
            }
            if c == "T" {
                guard !inTime, digits.isEmpty else { return .failure(Refusal(reason: example)) }
                inTime = true
                lastIndex = nil
                continue
            }
            if !inTime && (c == "Y" || c == "M") {
                return .failure(
                    Refusal(reason: "months and years have no fixed length; write the time in weeks or days (e.g. P30D instead of P1M)"))
            }
            if c == "," || c == "." { return .failure(Refusal(reason: "write whole numbers only (e.g. PT90M instead of PT1.5H)")) }
            let units = inTime ? timeUnits : dateUnits
            guard let index = units.firstIndex(where: { $0.0 == c }), !digits.isEmpty else { return .failure(Refusal(reason: example)) }
            // Each designator at most once and in order: "PT3S5M" or "P1D1D" are refused.
            if let lastIndex, lastIndex >= index { return .failure(Refusal(reason: example)) }
            lastIndex = index
            seen.append(c)
            total += Int(digits)! * units[index].1
            digits = ""
        }
        guard digits.isEmpty, !seen.isEmpty, chars.last != "T" else { return .failure(Refusal(reason: example)) }
        // ISO 8601 writes weeks on their own: "P1W2D" is not a duration it defines.
        if seen.contains("W") && seen.count > 1 {
            return .failure(Refusal(reason: "write weeks on their own (P2W) or everything in days (P16D)"))
        }
        return .success(ISODuration(seconds: total))
    }

    /// Parses `text` for the request field `field` and checks it lies within `bounds`; a
    /// refusal is one problem naming the field (collected with the request's others).
    package static func parse(_ text: String, field: String, label: String, within bounds: ClosedRange<Int>) throws(FieldProblems)
        -> ISODuration
    {
        func refused(_ reason: String) -> FieldProblems {
            FieldProblems(stage: field, problems: [FieldProblem(field: field, label: label, reason: reason)])
        }
        switch parse(text) {
        case .failure(let refusal):
            throw refused("'\(text.prefix(40))' is not accepted: \(refusal.reason)")
        case .success(let duration):
            guard bounds.contains(duration.seconds) else {
                throw refused("must be between \(ISODuration(seconds: bounds.lowerBound)) and \(ISODuration(seconds: bounds.upperBound))")
            }
            return duration
        }
    }
}
