/// A field placed relative to a piece of the document's text: the nth occurrence of `text`
/// (whole words, in reading order), offset from the top-left corner of that text's box.
///
/// Anchors survive small edits of a document (a paragraph added above moves the field with
/// its label), which fixed coordinates do not.
package struct Anchor: Codable, Hashable, Sendable {
    /// The words to look for, e.g. "Signature of borrower:".
    package var text: String
    /// Which occurrence, 1-based. Default 1.
    package var occurrence: Int?
    /// Only look on this page (1-based). Default: the whole document.
    package var page: Int?
    /// Offset of the field's left edge from the text box's left edge (negative: to the left).
    package var x: Double
    /// Offset of the field's top edge from the text box's top edge (negative: above).
    package var y: Double
    /// The field's width.
    package var width: Double
    /// The field's height.
    package var height: Double
    /// Unit of the offset and size; points when nil.
    package var unit: LengthUnit?

    /// Creates an anchor.
    package init(
        text: String, occurrence: Int? = nil, page: Int? = nil, x: Double, y: Double, width: Double, height: Double,
        unit: LengthUnit? = nil
    ) {
        self.text = text
        self.occurrence = occurrence
        self.page = page
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.unit = unit
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case text, occurrence, page, x, y, width, height, unit }

    package init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), what: "an anchor")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            text: try c.decode(String.self, forKey: .text), occurrence: try c.decodeIfPresent(Int.self, forKey: .occurrence),
            page: try c.decodeIfPresent(Int.self, forKey: .page), x: try c.decodeIfPresent(Double.self, forKey: .x) ?? 0,
            y: try c.decodeIfPresent(Double.self, forKey: .y) ?? 0, width: try c.decode(Double.self, forKey: .width),
            height: try c.decode(Double.self, forKey: .height), unit: try c.decodeIfPresent(LengthUnit.self, forKey: .unit))
    }

    /// Where the anchor text is: its page and the union of its words' boxes, or nil when the
    /// document does not contain that occurrence. `pages[i]` holds the words of page i + 1.
    package func locate(in pages: [[Word]]) -> (page: Int, box: Rect)? {
        let wanted = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !wanted.isEmpty else { return nil }
        var remaining = max(occurrence ?? 1, 1)
        for (index, words) in pages.enumerated() where page == nil || page == index + 1 {
            var start = 0
            while start + wanted.count <= words.count {
                let run = words[start..<start + wanted.count]
                if zip(run, wanted).allSatisfy({ $0.text == $1 }) {
                    remaining -= 1
                    if remaining == 0 {
                        let box = run.dropFirst().reduce(run.first!.rect) { $0.union($1.rect) }
                        return (index + 1, box)
                    }
                    start += wanted.count
                } else {
                    start += 1
                }
            }
        }
        return nil
    }

    /// The field's rectangle in points for an anchor text found at `box` on a page of `page` size.
    package func fieldRect(anchoredAt box: Rect, onPage page: Rect) -> Rect {
        let offset = MeasuredRect(x: x, y: y, width: width, height: height, unit: unit).points(onPage: page)
        return Rect(x: box.x + offset.x, y: box.y + offset.y, width: offset.width, height: offset.height)
    }
}
