import Foundation
import SignetModel
import Testing

@testable import SignetPDF

/// Files embedded by a stamp (the finished document's `signet-fields.json`): written in the
/// same incremental update as the values, beside any files the document already embeds,
/// replacing an earlier file of the same name, and in the rewrite path too; judged by
/// poppler's pdfdetach and qpdf --check.
@Suite("Embedded files")
struct EmbeddedFileTests {
    let letter = Fixtures.sample("letter.pdf")
    let field = StampField(id: "f", kind: .text, page: 1, rect: Rect(x: 300, y: 500, width: 240, height: 40))

    func data(_ text: String) -> EmbeddedFile {
        EmbeddedFile(name: "signet-fields.json", mediaType: "application/json", description: "Field values", contents: Data(text.utf8))
    }

    func stamp(_ input: String, _ files: [EmbeddedFile], mode: MergeMode = .auto) throws -> (String, StampReport) {
        let out = Fixtures.scratch() + "/out.pdf"
        let request = StampRequest(
            path: input, fields: [field], values: ["f": .text("Ada")], output: out, mode: mode, attachments: files)
        guard case .stamped(let report) = Engine.perform(.stamp(request)) else { throw SignetError(.internal, "stamp failed") }
        return (out, report)
    }

    /// pdfdetach's list: the embedded files' names, in its order.
    func embedded(_ path: String) throws -> [String] {
        try Tool.run("pdfdetach", ["-list", path]).output.split(separator: "\n").dropFirst().map {
            String($0.drop { $0 != " " }.dropFirst())
        }
    }

    func saved(_ path: String, number: Int) throws -> String {
        let target = Fixtures.scratch() + "/saved"
        #expect(try Tool.run("pdfdetach", ["-save", "\(number)", "-o", target, path]).status == 0)
        return try String(contentsOfFile: target, encoding: .utf8)
    }

    @Test("embedded in the stamp's incremental update: the original bytes stay a prefix, the file reads back")
    func incremental() throws {
        let json = #"{"fields": [{"id": "f", "value": "Ada ✓ שלום"}]}"#
        let (out, report) = try stamp(letter, [data(json)])
        #expect(report.mode == .incremental)
        let original = try Data(contentsOf: URL(fileURLWithPath: letter))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)).prefix(original.count) == original)
        #expect(try Tool.qpdfCheck(out) == 0)
        #expect(try embedded(out) == ["signet-fields.json"])
        #expect(try saved(out, number: 1) == json)
    }

    @Test("beside a file the document already embeds, in a file with cross-reference streams; a second stamp replaces its own file")
    func existingFiles() throws {
        let dir = Fixtures.scratch()
        try "hello note\n".write(toFile: dir + "/note.txt", atomically: true, encoding: .utf8)
        let input = dir + "/attached.pdf"
        #expect(
            try Tool.run("qpdf", [letter, "--object-streams=generate", "--add-attachment", dir + "/note.txt", "--", input]).status == 0)
        let (once, report) = try stamp(input, [data("first")])
        #expect(report.mode == .incremental)
        #expect(try Tool.qpdfCheck(once) == 0)
        #expect(Set(try embedded(once)) == ["note.txt", "signet-fields.json"])
        let (twice, _) = try stamp(once, [data("second")])
        #expect(try Tool.qpdfCheck(twice) == 0)
        let names = try embedded(twice)
        #expect(names.sorted() == ["note.txt", "signet-fields.json"])
        #expect(try saved(twice, number: names.firstIndex(of: "signet-fields.json")! + 1) == "second")
        #expect(try saved(twice, number: names.firstIndex(of: "note.txt")! + 1) == "hello note\n")
    }

    @Test("a rewritten file gets the same embedded file")
    func rewrite() throws {
        let (out, report) = try stamp(letter, [data("rewritten")], mode: .rewrite)
        #expect(report.mode == .rewrite)
        #expect(try Tool.qpdfCheck(out) == 0)
        #expect(try embedded(out) == ["signet-fields.json"])
        #expect(try saved(out, number: 1) == "rewritten")
    }
}
