import Foundation

/// Whether a value suits its field, by kind: dates parse, numbers are in range, emails and
/// phones (E.164) are well formed, choices are among the options, checkboxes are booleans,
/// signatures are present and not empty.
package enum ValueCheck {
    /// Why `value` is not valid for `field`, or nil when it is.
    package static func problem(with value: StampValue, for field: FieldDefinition) -> String? {
        switch (field.kind, value) {
        case (.text, .text(let s)):
            if field.multiline != true && s.contains(where: \.isNewline) {
                return "this field holds one line: remove the line breaks, or make the field multiline"
            }
            return lengthProblem(s, field) ?? patternProblem(s, field)
        case (.number, .text(let s)):
            let t = s.trimmingCharacters(in: .whitespaces)
            guard numberPattern.matches(t), let n = Double(t) else {
                return "'\(s)' is not a number: write digits with an optional sign and a decimal point, e.g. 1250.50"
            }
            if let min = field.min, n < min { return "\(t) is below the minimum of \(format(min))" }
            if let max = field.max, n > max { return "\(t) is above the maximum of \(format(max))" }
            return lengthProblem(t, field) ?? patternProblem(t, field)
        case (.email, .text(let s)):
            let t = s.trimmingCharacters(in: .whitespaces)
            guard t.utf8.count <= 254, emailPattern.matches(t) else {
                return "'\(s)' is not an email address (name@example.com)"
            }
            return lengthProblem(t, field) ?? patternProblem(t, field)
        case (.phone, .text(let s)):
            guard phonePattern.matches(s) else {
                return
                    "'\(s)' is not a phone number in E.164 form: a plus sign, the country code and the number, digits only (e.g. +447700900123)"
            }
            return patternProblem(s, field)
        case (.date, .text(let s)), (.signingDate, .text(let s)):
            guard DateValue.parse(s) != nil else { return "'\(s)' is not a date: write it as YYYY-MM-DD" }
            return nil
        case (.checkbox, .checked):
            return nil
        case (.radio, .text(let s)), (.dropdown, .text(let s)):
            let choices = (field.options ?? []).map(\.value)
            guard choices.contains(s) else {
                return "'\(s)' is not one of the options: \(choices.map { "'\($0)'" }.joined(separator: ", "))"
            }
            return nil
        case (.signature, .strokes(let strokes)), (.initials, .strokes(let strokes)):
            let points = strokes.joined()
            guard !points.isEmpty else { return "the drawing is empty" }
            guard points.allSatisfy({ $0.x.isFinite && $0.y.isFinite && abs($0.x) < 1e5 && abs($0.y) < 1e5 }) else {
                return "the drawing has a point that is not a finite coordinate"
            }
            return nil
        case (.signature, .typed(let s)), (.initials, .typed(let s)):
            guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "the typed signature is empty" }
            return s.count > 100 ? "a typed signature has at most 100 characters" : nil
        case (.signature, .image(let s)), (.initials, .image(let s)), (.image, .image(let s)):
            return s.isEmpty ? "the image is empty" : nil
        default:
            return "a \(field.kind.rawValue) field takes \(expectation(field.kind)), not \(value.kindDescription)"
        }
    }

    /// Whether a value counts as not given: blank text, an unticked box, an empty drawing.
    /// A required checkbox must be ticked ("I agree").
    package static func isEmpty(_ value: StampValue) -> Bool {
        switch value {
        case .text(let s), .typed(let s): return s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .image(let s): return s.isEmpty
        case .checked(let on): return !on
        case .strokes(let strokes): return strokes.joined().isEmpty
        }
    }

    /// What a kind accepts, for messages.
    package static func expectation(_ kind: FieldKind) -> String {
        switch kind {
        case .text, .number, .email, .phone, .radio, .dropdown: return "a string"
        case .date, .signingDate: return "a date string (YYYY-MM-DD)"
        case .checkbox: return "true or false"
        case .signature, .initials: return "drawn strokes, a typed name or an image"
        case .image: return "an image (a file path or a data: URL)"
        }
    }

    /// Why a field's pattern cannot be used (it does not parse, uses a construct the
    /// linear-time matcher refuses, or is too large), or nil when it can.
    package static func patternError(_ pattern: String) -> String? {
        do {
            _ = try FieldPattern(pattern)
            return nil
        } catch {
            return error.description
        }
    }

    private static let numberPattern = FieldPattern.fixed(#"[+-]?[0-9]+(\.[0-9]+)?"#)
    private static let phonePattern = FieldPattern.fixed(#"\+[1-9][0-9]{6,14}"#)
    private static let emailPattern = FieldPattern.fixed(
        #"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"#)

    private static func lengthProblem(_ s: String, _ field: FieldDefinition) -> String? {
        guard let limit = field.maxLength, s.count > limit else { return nil }
        return "\(s.count) characters is more than the \(limit) allowed"
    }

    /// The value must match the whole pattern. Compiled once per check: cheap next to the match,
    /// and nothing is kept between checks. A pattern stored before the matcher refused it (a
    /// lookahead, say) leaves the field unfillable rather than unchecked.
    private static func patternProblem(_ s: String, _ field: FieldDefinition) -> String? {
        guard let source = field.pattern else { return nil }
        guard let pattern = try? FieldPattern(source) else {
            return "the field's pattern cannot be checked (\(patternError(source) ?? "")); ask for the field to be corrected"
        }
        let limit = pattern.valueLengthLimit
        if s.unicodeScalars.count > limit {
            return "this field's pattern checks at most \(limit) characters"
        }
        guard !pattern.matches(s) else { return nil }
        return "'\(s)' does not have the expected form (pattern \(source))"
    }

    private static func format(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }
}

extension StampValue {
    /// How the value reads in a message.
    package var kindDescription: String {
        switch self {
        case .text: return "text"
        case .checked: return "true/false"
        case .image: return "an image"
        case .typed: return "a typed signature"
        case .strokes: return "drawn strokes"
        }
    }
}
