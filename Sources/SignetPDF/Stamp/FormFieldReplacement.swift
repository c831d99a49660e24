import SignetModel

/// Decides which of the original's AcroForm fields a stamp replaces: those named by
/// `replacesFormField`, and those with a widget mostly covered by a filled field on the same
/// page. Otherwise a value placed by coordinates over a form box would show twice: ours, and
/// the widget's own appearance on top of it.
enum FormFieldReplacement {
    /// Share of a widget's area a stamped field must cover for the widget to count as replaced.
    static let coverage = 0.5

    static func names(filled: [StampField], formFields: [QPDFStructure.Field], pages: [PageGeometry]) -> [String] {
        var names = Set(filled.compactMap(\.replacesFormField))
        for form in formFields where !names.contains(form.name) && form.type != "signature" {
            let covered = form.widgets.contains { widget in
                guard let page = widget.page, page >= 1, page <= pages.count else { return false }
                let rect = pages[page - 1].displayedRect(fromUser: widget.rect)
                let area = rect.width * rect.height
                guard area > 0 else { return false }
                return filled.contains { $0.page == page && overlap(rect, $0.rect) >= coverage * area }
            }
            if covered { names.insert(form.name) }
        }
        return names.sorted()
    }

    private static func overlap(_ a: Rect, _ b: Rect) -> Double {
        max(0, min(a.maxX, b.maxX) - max(a.x, b.x)) * max(0, min(a.maxY, b.maxY) - max(a.y, b.y))
    }
}
