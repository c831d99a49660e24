/// What a field holds and how it is drawn.
package enum FieldKind: String, Codable, Sendable, CaseIterable {
    case signature, initials, text, date, signingDate, checkbox, radio, dropdown
    case number, email, phone, image

    /// Kinds whose value is drawn as a line (or lines) of text.
    package var isTextLike: Bool {
        switch self {
        case .text, .date, .signingDate, .radio, .dropdown, .number, .email, .phone: return true
        case .signature, .initials, .checkbox, .image: return false
        }
    }
}
