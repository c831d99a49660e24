/// Horizontal alignment of text inside its box.
package enum TextAlignment: String, Codable, Sendable {
    case left, center, right
    /// Left for left-to-right text, right for right-to-left text (Hebrew, Arabic).
    case natural
}

/// A field as the stamper needs it: where it is and how to draw its value.
///
/// This is the public `fields.json` contract of `signet stamp` and of the pipelines; the field
/// model (roles, validation) builds on top of it.
package struct StampField: Codable, Hashable, Sendable {
    /// Stable id, unique within the document; values are keyed by it.
    package var id: String
    /// What the field holds.
    package var kind: FieldKind
    /// 1-based page number.
    package var page: Int
    /// The field's box under the coordinate contract.
    package var rect: Rect
    /// Largest font size to use, in points; text is shrunk below it to fit. Default: fits the box.
    package var fontSize: Double?
    /// Alignment inside the box. Default: natural (follows the text's direction).
    package var align: TextAlignment?
    /// Whether text may wrap onto several lines.
    package var multiline: Bool?
    /// Output pattern for dates (Unicode `yyyy-MM-dd` style). Default: `yyyy-MM-dd`.
    package var dateFormat: String?
    /// Name of an AcroForm field of the original PDF that this field replaces; its widget is
    /// removed from the finished document so the value shows only once.
    package var replacesFormField: String?

    /// Creates a field.
    package init(
        id: String, kind: FieldKind, page: Int, rect: Rect, fontSize: Double? = nil,
        align: TextAlignment? = nil, multiline: Bool? = nil, dateFormat: String? = nil,
        replacesFormField: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.page = page
        self.rect = rect
        self.fontSize = fontSize
        self.align = align
        self.multiline = multiline
        self.dateFormat = dateFormat
        self.replacesFormField = replacesFormField
    }
}

/// The top level of `fields.json`: `{"fields": [...]}`.
package struct StampFieldList: Codable, Hashable, Sendable {
    /// The fields, in drawing order.
    package var fields: [StampField]

    /// Creates a list.
    package init(fields: [StampField]) { self.fields = fields }
}
