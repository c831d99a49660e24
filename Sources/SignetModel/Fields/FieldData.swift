import Foundation

/// The field values of a finished document as data, embedded in the PDF as
/// `signet-fields.json` so a downstream system reads them without OCR. Signatures and
/// initials say only `"signed"`: their strokes are the drawing on the page, not data.
package enum FieldData {
    /// The embedded file's name.
    package static let fileName = "signet-fields.json"

    /// One field as the file lists it.
    struct Entry: Encodable {
        var id: String
        var label: String
        var kind: String
        var role: String
        var page: Int?
        /// A string, `true`/`false` for a checkbox, `"signed"` for a signature or initials,
        /// `"image"` for an image; null when the field was left empty.
        var value: Value?
    }

    enum Value: Encodable {
        case text(String)
        case flag(Bool)

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let s): try container.encode(s)
            case .flag(let b): try container.encode(b)
            }
        }
    }

    struct File: Encodable {
        var format = "signet-fields/1"
        var document: [String: String]
        var fields: [Entry]
    }

    /// The file for `fields` filled with `values` (the values as drawn, signing dates
    /// included); `document` names it (title, session, interaction, ...), in the file as is.
    package static func file(fields: [FieldDefinition], values: [String: StampValue], document: [String: String]) throws
        -> EmbeddedFile
    {
        let entries = fields.map { field in
            Entry(
                id: field.id, label: field.displayLabel, kind: field.kind.rawValue, role: field.role.rawValue, page: field.page,
                value: values[field.id].flatMap { value(of: $0, kind: field.kind) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(File(document: document, fields: entries))
        return EmbeddedFile(
            name: fileName, mediaType: "application/json", description: "The document's field values (Signet)", contents: data)
    }

    static func value(of value: StampValue, kind: FieldKind) -> Value? {
        switch (kind, value) {
        case (.signature, _), (.initials, _): return .text("signed")
        case (.image, _): return .text("image")
        case (_, .checked(let b)): return .flag(b)
        case (_, .text(let s)): return s.isEmpty ? nil : .text(s)
        case (_, .typed(let s)): return .text(s)
        case (_, .image): return .text("image")
        case (_, .strokes): return .text("signed")
        }
    }
}
