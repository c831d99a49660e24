import Foundation

/// The *definition* check: places every field on its page (units normalised to points, anchors
/// resolved against the document's words) and reports every problem per field: page exists,
/// rectangle inside it and of positive size, ids unique, options where needed, patterns that
/// compile, rules that fit the kind.
package enum FieldLayout {
    /// The result: the fields in points (anchored fields keep their anchor and gain the page
    /// and rectangle it resolved to), and every problem found.
    package struct Placement: Sendable {
        /// The fields, normalised.
        package var fields: [FieldDefinition]
        /// Every problem; empty when the definition is valid.
        package var problems: [FieldProblem]
    }

    /// Ids are used as CSV column names and in URLs, so they stay plain.
    static let idPattern = FieldPattern.fixed("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")

    /// Places and checks `fields` on `document` (whose pages carry words when any field is
    /// anchored).
    package static func place(_ fields: [FieldDefinition], in document: DocumentReport) -> Placement {
        let bounds = document.pages.map { Rect(x: 0, y: 0, width: $0.width, height: $0.height) }
        let words = document.pages.map { $0.words ?? [] }
        var problems: [FieldProblem] = []
        var seen = Set<String>()
        var placed: [FieldDefinition] = []
        for var field in fields {
            var own: [String] = []
            if !idPattern.matches(field.id) {
                own.append("the id must be 1 to 100 letters, digits, '_', '-' or '.', starting with a letter, digit or '_'")
            } else if !seen.insert(field.id).inserted {
                own.append("the id is used by more than one field")
            }
            own += placementProblems(&field, bounds: bounds, words: words)
            own += ruleProblems(field)
            problems += own.map { FieldProblem(field, $0) }
            placed.append(field)
        }
        return Placement(fields: placed, problems: problems)
    }

    /// Resolves the anchor or normalises `page` + `rect` (and radio options) to points.
    private static func placementProblems(_ field: inout FieldDefinition, bounds: [Rect], words: [[Word]]) -> [String] {
        let pageCount = bounds.count
        if let anchor = field.anchor {
            guard let (page, box) = anchor.locate(in: words) else {
                let nth = anchor.occurrence.map { " (occurrence \($0))" } ?? ""
                let scope = anchor.page.map { " on page \($0)" } ?? ""
                return ["the anchor text '\(anchor.text)'\(nth) is not in the document\(scope)"]
            }
            field.page = page
            field.rect = MeasuredRect(anchor.fieldRect(anchoredAt: box, onPage: bounds[page - 1]).rounded)
        }
        guard let page = field.page else {
            return ["the field needs a page and a rectangle, or an anchor"]
        }
        guard page >= 1, page <= pageCount else {
            return ["page \(page) does not exist: the document has \(pageCount) page\(pageCount == 1 ? "" : "s")"]
        }
        let pageBounds = bounds[page - 1]
        var problems: [String] = []
        func check(_ rect: MeasuredRect, _ what: String) -> MeasuredRect {
            guard rect.isFinite else {
                problems.append("\(what) has a coordinate that is not a number")
                return rect
            }
            let points = rect.points(onPage: pageBounds)
            if !(points.width > 0 && points.height > 0) {
                problems.append("\(what) must have a positive width and height")
            } else if !pageBounds.contains(points, tolerance: 0.5) {
                let r = points.rounded
                problems.append(
                    "\(what) (x \(r.x), y \(r.y), \(r.width) x \(r.height) pt) is not inside page \(page), which is \(pageBounds.width) x \(pageBounds.height) pt as displayed"
                )
            }
            return rect.normalised(onPage: pageBounds)
        }
        if field.kind == .radio, var options = field.options, !options.isEmpty {
            for i in options.indices {
                guard let rect = options[i].rect else {
                    problems.append("option '\(options[i].value)' needs its own rectangle (the button to tick)")
                    continue
                }
                options[i].rect = check(rect, "the rectangle of option '\(options[i].value)'")
            }
            field.options = options
            if problems.isEmpty {
                let boxes = options.compactMap { $0.rect?.points(onPage: pageBounds) }
                field.rect = MeasuredRect(boxes.dropFirst().reduce(boxes[0]) { $0.union($1) }.rounded)
            }
            return problems
        }
        guard let rect = field.rect else {
            return ["the field needs a rectangle on page \(page)"]
        }
        field.rect = check(rect, "the rectangle")
        return problems
    }

    /// Rules that must fit the kind, and a prefilled value that must be valid.
    private static func ruleProblems(_ field: FieldDefinition) -> [String] {
        var problems: [String] = []
        let kind = field.kind
        let choice = kind == .radio || kind == .dropdown
        if let label = field.label, label.count > 200 { problems.append("the label has more than 200 characters") }
        if choice {
            let values = (field.options ?? []).map(\.value)
            if values.isEmpty {
                problems.append("a \(kind.rawValue) field needs options")
            } else if values.contains(where: { $0.isEmpty }) {
                problems.append("an option has an empty value")
            } else if Set(values).count != values.count {
                problems.append("two options have the same value")
            }
        } else if field.options != nil {
            problems.append("options apply only to dropdown and radio fields")
        }
        let patterned: Set<FieldKind> = [.text, .number, .email, .phone]
        if let pattern = field.pattern {
            if !patterned.contains(kind) {
                problems.append("a pattern applies only to text, number, email and phone fields")
            } else if let error = ValueCheck.patternError(pattern) {
                problems.append(error)
            }
        }
        if field.min != nil || field.max != nil {
            if kind != .number {
                problems.append("min and max apply only to number fields")
            } else if let min = field.min, let max = field.max, min > max {
                problems.append("min is greater than max")
            }
        }
        if let limit = field.maxLength {
            if !patterned.contains(kind) {
                problems.append("maxLength applies only to text, number, email and phone fields")
            } else if limit < 1 {
                problems.append("maxLength must be at least 1")
            }
        }
        if let format = field.dateFormat {
            if kind != .date && kind != .signingDate {
                problems.append("dateFormat applies only to date and signingDate fields")
            } else if format.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("dateFormat is empty")
            }
        }
        if let zone = field.timeZone {
            if kind != .signingDate {
                problems.append("timeZone applies only to signingDate fields")
            } else if TimeZone(identifier: zone) == nil {
                problems.append("'\(zone)' is not a time zone name (e.g. Europe/Paris, America/New_York, UTC)")
            }
        }
        if let size = field.fontSize, !(size > 0 && size < 500) {
            problems.append("fontSize must be between 0 and 500 points")
        }
        if field.multiline == true && kind != .text {
            problems.append("multiline applies only to text fields")
        }
        if kind == .signingDate {
            if field.value != nil { problems.append("a signing date is filled in when the customer signs; it takes no value") }
            if field.role != .customer { problems.append("a signing date is set when the customer signs, so its role is customer") }
        } else if let value = field.value, !ValueCheck.isEmpty(value) || value == .checked(false) {
            if let reason = ValueCheck.problem(with: value, for: field) {
                problems.append("the prefilled value is not valid: \(reason)")
            }
        }
        if field.countersign && field.role != .agent {
            problems.append("countersign applies only to agent fields: the agent fills them after the customer finishes")
        } else if field.countersign && field.readOnly {
            problems.append("a countersigned field is filled by the agent after the customer finishes, so it cannot be read-only")
        }
        if field.readOnly && field.required && (field.value.map(ValueCheck.isEmpty) ?? true) && kind != .signingDate {
            problems.append("the field is read-only and required but has no value, so it could never be filled")
        }
        return problems
    }
}
