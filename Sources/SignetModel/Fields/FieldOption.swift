/// One choice of a dropdown or radio group. Written either as a plain string or as an object;
/// each radio option has its own rectangle (the button the customer ticks), on the group's page.
package struct FieldOption: Codable, Hashable, Sendable {
    /// The value the field takes when this option is chosen.
    package var value: String
    /// What a person sees, when it differs from the value.
    package var label: String?
    /// The option's own box (radio groups only).
    package var rect: MeasuredRect?

    /// Creates an option.
    package init(value: String, label: String? = nil, rect: MeasuredRect? = nil) {
        self.value = value
        self.label = label
        self.rect = rect
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case value, label, rect }

    package init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let value = try? single.decode(String.self) {
            self.init(value: value)
            return
        }
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), what: "an option")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            value: try c.decode(String.self, forKey: .value), label: try c.decodeIfPresent(String.self, forKey: .label),
            rect: try c.decodeIfPresent(MeasuredRect.self, forKey: .rect))
    }

    package func encode(to encoder: Encoder) throws {
        if label == nil && rect == nil {
            var c = encoder.singleValueContainer()
            try c.encode(value)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encodeIfPresent(label, forKey: .label)
        try c.encodeIfPresent(rect, forKey: .rect)
    }
}
