import Foundation

/// The field values of a finished document as data, embedded in the PDF as
/// `signet-fields.json` so a downstream system reads them without OCR. Signatures and
/// initials say only `"signed"`: their strokes are the drawing on the page, not data.
package enum FieldData {
    /// The embedded file's name.
    package static let fileName = "signet-fields.json"

    /// A value of the file's JSON.
    enum Value {
        case text(String)
        case flag(Bool)
        case number(Int)
        case object([(String, Value)])
        case array([Value])
    }

    /// The file for `fields` filled with `values` (the values as drawn, signing dates
    /// included); `document` names it (title, session, interaction, ...), in the file as is.
    package static func file(fields: [FieldDefinition], values: [String: StampValue], document: [String: String]) throws
        -> EmbeddedFile
    {
        let entries = fields.map { field in
            // A field left empty has no "value" key at all.
            var entry: [(String, Value)] = [
                ("id", .text(field.id)), ("label", .text(field.displayLabel)), ("kind", .text(field.kind.rawValue)),
                ("role", .text(field.role.rawValue)),
            ]
            if let page = field.page { entry.append(("page", .number(page))) }
            if let value = values[field.id].flatMap({ value(of: $0, kind: field.kind) }) { entry.append(("value", value)) }
            return Value.object(entry)
        }
        let file = Value.object([
            ("format", .text("signet-fields/1")), ("document", .object(document.map { ($0.key, .text($0.value)) })),
            ("fields", .array(entries)),
        ])
        var text = ""
        write(file, into: &text, indent: "")
        return EmbeddedFile(
            name: fileName, mediaType: "application/json", description: "The document's field values (Signet)", contents: Data(text.utf8))
    }

    /// Writes `value` as JSONEncoder does with `[.prettyPrinted, .sortedKeys,
    /// .withoutEscapingSlashes]` (the file's format since it was first written), by hand: a
    /// batch writes this file for every row, and JSONEncoder's generic machinery took a tenth
    /// of the batch process's own time.
    static func write(_ value: Value, into text: inout String, indent: String) {
        switch value {
        case .text(let s): writeString(s, into: &text)
        case .flag(let b): text += b ? "true" : "false"
        case .number(let n): text += String(n)
        case .array(let items):
            text += "[\n"
            let inner = indent + "  "
            for (index, item) in items.enumerated() {
                if index > 0 { text += ",\n" }
                text += inner
                write(item, into: &text, indent: inner)
            }
            text += "\n" + indent + "]"
        case .object(let members):
            text += "{\n"
            let inner = indent + "  "
            // JSONEncoder's order for sorted keys: by their UTF-8 bytes.
            let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            for (index, (key, member)) in sorted.enumerated() {
                if index > 0 { text += ",\n" }
                text += inner
                writeString(key, into: &text)
                text += " : "
                write(member, into: &text, indent: inner)
            }
            text += "\n" + indent + "}"
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, slashes and
    /// everything else as is.
    private static func writeString(_ s: String, into text: inout String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{8}": text += "\\b"
            case "\u{c}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{0}"..."\u{1f}":
                let hex = String(scalar.value, radix: 16)
                text += (hex.count == 1 ? "\\u000" : "\\u00") + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
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
