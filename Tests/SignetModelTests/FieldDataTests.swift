import Foundation
import Testing

@testable import SignetModel

/// `signet-fields.json` is written by hand (a batch writes one per row); it must stay the bytes
/// JSONEncoder wrote when the file was first made, so a downstream reader never sees it change.
@Suite struct FieldDataTests {
    /// The file as JSONEncoder wrote it: the same keys, empty values left out.
    struct Encoded: Encodable {
        struct Entry: Encodable {
            var id: String
            var label: String
            var kind: String
            var role: String
            var page: Int?
            var value: Value?
        }

        enum Value: Encodable {
            case text(String)
            case flag(Bool)

            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .text(let s): try c.encode(s)
                case .flag(let b): try c.encode(b)
                }
            }
        }

        var format = "signet-fields/1"
        var document: [String: String]
        var fields: [Entry]
    }

    @Test("the same bytes as JSONEncoder (pretty, sorted keys, slashes as is), escapes and non-ASCII included")
    func sameBytesAsJSONEncoder() throws {
        let awkward = "a \"quote\", a back\\slash, a /slash, \t\n\r \u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f} é 日本 😀 e\u{301}"
        let fields = [
            FieldDefinition(id: "name", label: awkward, kind: .text, page: 1), FieldDefinition(id: "agree", kind: .checkbox, page: 2),
            FieldDefinition(id: "empty", label: "  ", kind: .text),
            FieldDefinition(id: "sign", kind: .signature, page: 3), FieldDefinition(id: "ünïcode/id", kind: .text, page: 1),
        ]
        let values: [String: StampValue] = [
            "name": .text(awkward), "agree": .checked(true), "empty": .text(""), "sign": .strokes([]), "ünïcode/id": .typed("x\u{2028}y"),
        ]
        let document = ["title": awkward, "row": "7", "Ärger": "ä", "e\u{301}x": "decomposed", "ex": "plain", "Z": "upper"]

        let file = try FieldData.file(fields: fields, values: values, document: document)

        let expected = Encoded(
            document: document,
            fields: [
                .init(id: "name", label: awkward, kind: "text", role: "customer", page: 1, value: .text(awkward)),
                .init(id: "agree", label: "agree", kind: "checkbox", role: "customer", page: 2, value: .flag(true)),
                .init(id: "empty", label: "empty", kind: "text", role: "customer"),
                .init(id: "sign", label: "sign", kind: "signature", role: "customer", page: 3, value: .text("signed")),
                .init(id: "ünïcode/id", label: "ünïcode/id", kind: "text", role: "customer", page: 1, value: .text("x\u{2028}y")),
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let reference = try encoder.encode(expected)
        #expect(file.contents == reference, "\(String(decoding: file.contents, as: UTF8.self))")
        #expect(file.name == "signet-fields.json" && file.mediaType == "application/json")
    }
}
