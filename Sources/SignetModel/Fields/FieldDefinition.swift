import Foundation

/// A field of a template or ad hoc document: where it is, who fills it, and what a valid value
/// looks like. This is what `template.json` and the HTTP API carry; `StampField` is the
/// narrower view the stamper needs.
///
/// A field is placed either by `page` + `rect` (in any `LengthUnit`) or by an `anchor`;
/// `FieldLayout` turns both into points on a page, which is what is stored and echoed back.
package struct FieldDefinition: Codable, Hashable, Sendable {
    /// Stable id, unique within the document: letters, digits, `_`, `-` and `.`.
    package var id: String
    /// What a person sees next to the field; the id when absent.
    package var label: String?
    /// What the field holds.
    package var kind: FieldKind
    /// Who fills it. Default: the customer.
    package var role: FieldRole
    /// Whether a value must be given before sending (agent fields) or finishing (customer fields).
    package var required: Bool
    /// A prefilled value.
    package var value: StampValue?
    /// Whether the prefilled value is fixed.
    package var readOnly: Bool
    /// An agent field filled after the customer finishes (a countersignature), not at sending.
    package var countersign: Bool

    /// A regular expression (ICU syntax) the whole value must match: text, number, email, phone.
    package var pattern: String?
    /// Smallest allowed number (number fields).
    package var min: Double?
    /// Largest allowed number (number fields).
    package var max: Double?
    /// Most characters allowed (text-like fields).
    package var maxLength: Int?
    /// Choices of a dropdown or radio group (each radio option with its own rectangle).
    package var options: [FieldOption]?
    /// Output pattern of dates and signing dates (Unicode, e.g. `dd/MM/yyyy`).
    package var dateFormat: String?
    /// Time zone in which a signing date is written (IANA name). Default UTC.
    package var timeZone: String?

    /// Largest font size in points; text shrinks below it to fit.
    package var fontSize: Double?
    /// Alignment inside the box.
    package var align: TextAlignment?
    /// Whether text wraps onto several lines.
    package var multiline: Bool?

    /// 1-based page (for a radio group: the page of all its options).
    package var page: Int?
    /// The box; for a radio group, optional (the union of its options).
    package var rect: MeasuredRect?
    /// Placement relative to text, instead of `page` + `rect`.
    package var anchor: Anchor?
    /// The AcroForm field of the PDF that this field replaces when stamped.
    package var replacesFormField: String?

    /// Creates a field.
    package init(
        id: String, label: String? = nil, kind: FieldKind, role: FieldRole = .customer, required: Bool = false,
        value: StampValue? = nil, readOnly: Bool = false, page: Int? = nil, rect: MeasuredRect? = nil
    ) {
        self.id = id
        self.label = label
        self.kind = kind
        self.role = role
        self.required = required
        self.value = value
        self.readOnly = readOnly
        self.countersign = false
        self.page = page
        self.rect = rect
    }

    /// The label shown to people and used in problems: the label, or the id.
    package var displayLabel: String {
        guard let label, !label.trimmingCharacters(in: .whitespaces).isEmpty else { return id }
        return label
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, label, kind, role, required, value, readOnly, countersign, pattern, min, max, maxLength, options, dateFormat, timeZone
        case fontSize, align, multiline, page, rect, anchor, replacesFormField
    }

    package init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), what: "a field")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        kind = try c.decode(FieldKind.self, forKey: .kind)
        role = try c.decodeIfPresent(FieldRole.self, forKey: .role) ?? .customer
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        value = try c.decodeIfPresent(StampValue.self, forKey: .value)
        readOnly = try c.decodeIfPresent(Bool.self, forKey: .readOnly) ?? false
        countersign = try c.decodeIfPresent(Bool.self, forKey: .countersign) ?? false
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
        min = try c.decodeIfPresent(Double.self, forKey: .min)
        max = try c.decodeIfPresent(Double.self, forKey: .max)
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
        options = try c.decodeIfPresent([FieldOption].self, forKey: .options)
        dateFormat = try c.decodeIfPresent(String.self, forKey: .dateFormat)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone)
        fontSize = try c.decodeIfPresent(Double.self, forKey: .fontSize)
        align = try c.decodeIfPresent(TextAlignment.self, forKey: .align)
        multiline = try c.decodeIfPresent(Bool.self, forKey: .multiline)
        page = try c.decodeIfPresent(Int.self, forKey: .page)
        rect = try c.decodeIfPresent(MeasuredRect.self, forKey: .rect)
        anchor = try c.decodeIfPresent(Anchor.self, forKey: .anchor)
        replacesFormField = try c.decodeIfPresent(String.self, forKey: .replacesFormField)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(label, forKey: .label)
        try c.encode(kind, forKey: .kind)
        try c.encode(role, forKey: .role)
        try c.encode(required, forKey: .required)
        try c.encodeIfPresent(value, forKey: .value)
        if readOnly { try c.encode(readOnly, forKey: .readOnly) }
        if countersign { try c.encode(countersign, forKey: .countersign) }
        try c.encodeIfPresent(pattern, forKey: .pattern)
        try c.encodeIfPresent(min, forKey: .min)
        try c.encodeIfPresent(max, forKey: .max)
        try c.encodeIfPresent(maxLength, forKey: .maxLength)
        try c.encodeIfPresent(options, forKey: .options)
        try c.encodeIfPresent(dateFormat, forKey: .dateFormat)
        try c.encodeIfPresent(timeZone, forKey: .timeZone)
        try c.encodeIfPresent(fontSize, forKey: .fontSize)
        try c.encodeIfPresent(align, forKey: .align)
        try c.encodeIfPresent(multiline, forKey: .multiline)
        try c.encodeIfPresent(page, forKey: .page)
        try c.encodeIfPresent(rect, forKey: .rect)
        try c.encodeIfPresent(anchor, forKey: .anchor)
        try c.encodeIfPresent(replacesFormField, forKey: .replacesFormField)
    }
}
