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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        write(file, into: &bytes, depth: 0)
        return EmbeddedFile(
            name: fileName, mediaType: "application/json", description: "The document's field values (Signet)", contents: Data(bytes))
    }

    /// Writes `value` as JSONEncoder does with `[.prettyPrinted, .sortedKeys,
    /// .withoutEscapingSlashes]` (the file's format since it was first written), by hand: a
    /// batch writes this file for every row, and JSONEncoder's generic machinery took a tenth
    /// of the batch process's own time. Into UTF-8 bytes, not a String: appended scalar by
    /// scalar, a String still cost about 75 us a row, a seventh of the batch process's time.
    static func write(_ value: Value, into bytes: inout [UInt8], depth: Int) {
        switch value {
        case .text(let s): writeString(s, into: &bytes)
        case .flag(let b): bytes += (b ? "true" : "false").utf8
        case .number(let n): bytes += String(n).utf8
        case .array(let items):
            bytes += "[\n".utf8
            for (index, item) in items.enumerated() {
                if index > 0 { bytes += ",\n".utf8 }
                indent(depth + 1, into: &bytes)
                write(item, into: &bytes, depth: depth + 1)
            }
            bytes.append(UInt8(ascii: "\n"))
            indent(depth, into: &bytes)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes += "{\n".utf8
            // JSONEncoder's order for sorted keys: by their UTF-8 bytes.
            let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            for (index, (key, member)) in sorted.enumerated() {
                if index > 0 { bytes += ",\n".utf8 }
                indent(depth + 1, into: &bytes)
                writeString(key, into: &bytes)
                bytes += " : ".utf8
                write(member, into: &bytes, depth: depth + 1)
            }
            bytes.append(UInt8(ascii: "\n"))
            indent(depth, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// For `\u00XX` escapes, lower case as JSONEncoder writes them.
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Two spaces a level, as JSONEncoder's pretty printing.
    private static func indent(_ depth: Int, into bytes: inout [UInt8]) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// A JSON string: quotes, backslashes and control characters escaped, slashes and
    /// everything else as is (non-ASCII as its UTF-8 bytes).
    private static func writeString(_ s: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += #"\""#.utf8
            case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
            case 0x08: bytes += #"\b"#.utf8
            case 0x0C: bytes += #"\f"#.utf8
            case UInt8(ascii: "\n"): bytes += #"\n"#.utf8
            case UInt8(ascii: "\r"): bytes += #"\r"#.utf8
            case UInt8(ascii: "\t"): bytes += #"\t"#.utf8
            case 0x00...0x0F: bytes += #"\u000"#.utf8 + [hexDigits[Int(byte)]]
            case 0x10...0x1F: bytes += #"\u001"#.utf8 + [hexDigits[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
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
