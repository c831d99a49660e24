/// A field written into the document's text: `{{KIND;key=value;flag;...}}`.
///
/// Keys: `id`, `role` (agent or customer), `label`, `w` and `h` (the field's width and height
/// in points; by default the tag's own text box), `options` (pipe-separated, for dropdowns and
/// radio groups). Flags: `required`, `readonly`. The kind is a field kind, in any case.
/// The tag's text is removed from the document by the engine; this type only reads it.
package struct TextTag: Hashable, Sendable {
    /// The field kind.
    package var kind: FieldKind
    /// The key/value pairs, in order.
    package var values: [String: String]
    /// The flags given.
    package var flags: Set<String>

    /// Keys a tag may carry.
    package static let keys: Set<String> = ["id", "role", "label", "w", "h", "options"]
    /// Flags a tag may carry.
    package static let knownFlags: Set<String> = ["required", "readonly"]

    /// Reads a whole tag (with its braces). Throws a message naming what is wrong.
    package init(parsing text: String) throws(TextTagError) {
        guard text.hasPrefix("{{"), text.hasSuffix("}}"), text.count >= 4 else {
            throw TextTagError("a tag is written {{KIND;key=value;flag}}")
        }
        let parts = text.dropFirst(2).dropLast(2).split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let kindName = parts[0]
        guard let kind = FieldKind.allCases.first(where: { $0.rawValue.lowercased() == kindName.lowercased() }) else {
            throw TextTagError(
                "'\(kindName)' is not a field kind; use one of \(FieldKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var values: [String: String] = [:]
        var flags = Set<String>()
        for part in parts.dropFirst() where !part.isEmpty {
            if let eq = part.firstIndex(of: "=") {
                let key = part[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
                let value = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                guard Self.keys.contains(key) else {
                    throw TextTagError("unknown key '\(key)'; tags know \(Self.keys.sorted().joined(separator: ", "))")
                }
                guard values[key] == nil else { throw TextTagError("the key '\(key)' is given twice") }
                values[key] = value
            } else {
                let flag = part.lowercased()
                guard Self.knownFlags.contains(flag) else {
                    throw TextTagError("unknown flag '\(part)'; tags know required and readonly")
                }
                flags.insert(flag)
            }
        }
        for key in ["w", "h"] {
            if let v = values[key], !(Double(v).map { $0 > 0 && $0.isFinite } ?? false) {
                throw TextTagError("\(key)=\(v) must be a positive number of points")
            }
        }
        if let role = values["role"], FieldRole(rawValue: role.lowercased()) == nil {
            throw TextTagError("role=\(role) must be agent or customer")
        }
        self.kind = kind
        self.values = values
        self.flags = flags
    }

    /// The field this tag defines, for a tag whose text was found at `box` on `page`. A tag
    /// without an id gets `<kind>_<number>`, numbered by order of appearance in the document.
    /// A radio group's options are laid side by side across the box, one square each.
    package func field(page: Int, box: Rect, number: Int) -> FieldDefinition {
        let width = values["w"].flatMap(Double.init) ?? box.width
        let height = values["h"].flatMap(Double.init) ?? box.height
        let rect = Rect(x: box.x, y: box.y, width: width, height: height).rounded
        var field = FieldDefinition(
            id: values["id"] ?? "\(kind.rawValue)_\(number)", label: values["label"], kind: kind,
            role: values["role"].flatMap { FieldRole(rawValue: $0.lowercased()) } ?? .customer,
            required: flags.contains("required"), page: page, rect: MeasuredRect(rect))
        field.readOnly = flags.contains("readonly")
        if let list = values["options"] {
            let choices = list.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            field.options = choices.map { FieldOption(value: $0) }
            if kind == .radio, !choices.isEmpty {
                let step = rect.width / Double(choices.count)
                let side = min(step, rect.height)
                field.options = choices.enumerated().map { i, value in
                    FieldOption(
                        value: value, rect: MeasuredRect(Rect(x: rect.x + Double(i) * step, y: rect.y, width: side, height: side).rounded))
                }
                field.rect = nil
            }
        }
        return field
    }
}

/// Why a text tag could not be read.
package struct TextTagError: Error, Hashable, Sendable {
    /// The reason.
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }
}
