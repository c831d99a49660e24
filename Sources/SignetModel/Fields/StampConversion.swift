/// Turns placed, validated field definitions and their values into what the stamper draws.
///
/// The stamper knows boxes and kinds; the field model knows more (options, roles, time zones),
/// so a few kinds are translated here: a radio group becomes a check mark in the chosen
/// option's own box, and a signing date, already written in its time zone and format, is
/// drawn as text.
package enum StampConversion {
    /// The stamp fields and values for `fields` filled with `values` (fields without a value are
    /// left out, so an agent-prefilled document leaves the customer's fields empty).
    package static func stampInput(_ fields: [FieldDefinition], values: [String: StampValue]) -> (
        fields: [StampField], values: [String: StampValue]
    ) {
        var stampFields: [StampField] = []
        var stampValues: [String: StampValue] = [:]
        for field in fields {
            guard let value = values[field.id], let page = field.page, let rect = field.rect?.points(onPage: .zero) else { continue }
            var stamp = StampField(
                id: field.id, kind: field.kind, page: page, rect: rect, fontSize: field.fontSize, align: field.align,
                multiline: field.multiline, dateFormat: field.dateFormat, replacesFormField: field.replacesFormField)
            var drawn = value
            switch (field.kind, value) {
            case (.radio, .text(let chosen)):
                guard let box = field.options?.first(where: { $0.value == chosen })?.rect?.points(onPage: .zero) else { continue }
                stamp.kind = .checkbox
                stamp.rect = box
                drawn = .checked(true)
            case (.signingDate, _):
                stamp.kind = .text
                stamp.dateFormat = nil
            default:
                break
            }
            stampFields.append(stamp)
            stampValues[field.id] = drawn
        }
        return (stampFields, stampValues)
    }
}

extension Rect {
    /// The empty rectangle at the origin.
    package static let zero = Rect(x: 0, y: 0, width: 0, height: 0)
}
