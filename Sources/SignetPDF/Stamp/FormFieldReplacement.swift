import SignetModel

/// Decides which of the original's AcroForm fields a stamp replaces: those named by
/// `replacesFormField`, and those with a widget mostly covered by a filled field on the same
/// page. Otherwise a value placed by coordinates over a form box would show twice: ours, and
/// the widget's own appearance on top of it.
enum FormFieldReplacement {
    /// Share of a widget's area a stamped field must cover for the widget to count as replaced.
    static let coverage = 0.5

    static func names(filled: [StampField], layout: StampLayout) -> [String] {
        var names = Set(filled.compactMap(\.replacesFormField))
        for (number, page) in layout.pages {
            // An existing signature is never removed: it belongs to someone else's signing.
            for widget in page.widgets where widget.type != "signature" && !names.contains(widget.name) {
                let rect = page.geometry.displayedRect(fromUser: widget.rect)
                let area = rect.width * rect.height
                if area > 0 && filled.contains(where: { $0.page == number && overlap(rect, $0.rect) >= coverage * area }) {
                    names.insert(widget.name)
                }
            }
        }
        return names.sorted()
    }

    private static func overlap(_ a: Rect, _ b: Rect) -> Double {
        max(0, min(a.maxX, b.maxX) - max(a.x, b.x)) * max(0, min(a.maxY, b.maxY) - max(a.y, b.y))
    }
}
