import Foundation
import SignetModel
import Testing

@testable import SignetPDF
@testable import SignetSamples

/// The finished document keeps the original: its text, links, outline, metadata and page
/// labels; its pixels outside the fields; a clean structure; and, when incremental, its bytes.
@Suite("Fidelity of the finished document")
struct FidelityTests {
    static let samples = ["letter.pdf", "hebrew-arabic.pdf", "rotated.pdf", "cropbox.pdf", "form.pdf"]
    static let perfFiles = ["form1p.pdf", "template2p.pdf", "text21p.pdf", "photos9p.pdf", "scan10p.pdf", "long234p.pdf"]

    /// "Text on page 1 + signature image on the last page", as the benchmark does.
    func standardStamp(_ input: String, mode: MergeMode) throws -> (
        output: String, fields: [StampField], report: StampReport, before: DocumentReport
    ) {
        let before = try Fixtures.inspect(input)
        let fields = [
            StampField(id: "name", kind: .text, page: 1, rect: Rect(x: 40, y: 40, width: 200, height: 20)),
            StampField(id: "sig", kind: .signature, page: before.pageCount, rect: Rect(x: 40, y: 70, width: 150, height: 56)),
        ]
        let output = Fixtures.scratch() + "/out.pdf"
        let report = try Fixtures.stamp(
            input, fields: fields, values: ["name": .text("Zoë Stampvalue"), "sig": .image(Fixtures.sample("signature.png"))],
            mode: mode, output: output)
        return (output, fields, report, before)
    }

    func checkFidelity(_ input: String, mode: MergeMode, pixelPages: [Int]? = nil) throws {
        let (output, fields, report, before) = try standardStamp(input, mode: mode)
        let after = try Fixtures.inspect(output)

        // Structure: qpdf finds no errors.
        #expect(try Tool.qpdfCheck(output) != 2, "qpdf --check failed on \(output)")
        // Text: identical except for the stamped words.
        var added = try Tool.textWords(output)
        for (word, n) in try Tool.textWords(input) {
            #expect((added[word] ?? 0) >= n, "lost word '\(word)' from \(input)")
            added[word, default: 0] -= n
        }
        #expect(added.filter { $0.value > 0 }.keys.sorted() == ["Stampvalue", "Zoë"], "\(input)")
        // Links, outline, metadata, page labels and page geometry kept.
        #expect(after.linkCount == before.linkCount)
        #expect(after.outlineCount == before.outlineCount)
        #expect(after.metadata.filter { $0.key != "ModDate" } == before.metadata.filter { $0.key != "ModDate" })
        #expect(after.pages.map(\.label) == before.pages.map(\.label))
        #expect(after.pages.map(\.geometry) == before.pages.map(\.geometry))
        // Pixels identical outside the fields and the widgets of the form fields they replaced.
        let kept = Set(after.formFields.map(\.name))
        let replacedWidgets = before.formFields.filter { !kept.contains($0.name) }.flatMap(\.widgets)
        for page in pixelPages ?? Array(Set([1, before.pageCount])).sorted() {
            let masks = fields.filter { $0.page == page }.map(\.rect) + replacedWidgets.filter { $0.page == page }.map(\.rect)
            #expect(try PixelDiff.differingPixels(input, output, page: page, masks: masks) == 0, "page \(page) of \(input)")
        }
        // Incremental updates leave the original bytes untouched.
        if report.mode == .incremental {
            let original = try Data(contentsOf: URL(fileURLWithPath: input))
            let finished = try Data(contentsOf: URL(fileURLWithPath: output))
            #expect(finished.prefix(original.count) == original)
        }
    }

    @Test("sample documents, incremental", arguments: samples)
    func samplesIncremental(_ name: String) throws {
        try checkFidelity(Fixtures.sample(name), mode: .incremental)
    }

    @Test("sample documents, full rewrite", arguments: samples)
    func samplesRewrite(_ name: String) throws {
        try checkFidelity(Fixtures.sample(name), mode: .rewrite)
    }

    @Test(
        "perf corpus documents keep text, links, outline, metadata and pixels", .enabled(if: Fixtures.hasPerfCorpus), arguments: perfFiles)
    func perfCorpus(_ name: String) throws {
        try checkFidelity("\(Fixtures.perfCorpus)/\(name)", mode: .auto)
    }

    @Test("auto mode appends an incremental update to a sound file")
    func autoIsIncremental() throws {
        let result = try standardStamp(Fixtures.sample("letter.pdf"), mode: .auto)
        #expect(result.report.mode == .incremental)
    }

    @Test("a field placed over a form widget replaces it without being told")
    func coveredWidgets() throws {
        let output = Fixtures.scratch() + "/form.pdf"
        // The sample's own rectangles, but no replacesFormField.
        let fields = SampleForm.stampFields.fields.map { f -> StampField in
            var f = f
            f.replacesFormField = nil
            return f
        }
        _ = try Fixtures.stamp(Fixtures.sample("form.pdf"), fields: fields, values: SampleForm.sampleValues, output: output)
        let left = try Fixtures.inspect(output).formFields.map(\.name)
        #expect(left.isEmpty, "still in the form: \(left)")
    }

    @Test("replaced AcroForm fields show only once")
    func replacedFields() throws {
        let output = Fixtures.scratch() + "/form.pdf"
        _ = try Fixtures.stamp(
            Fixtures.sample("form.pdf"), fields: SampleForm.stampFields.fields, values: SampleForm.sampleValues, output: output)
        let after = try Fixtures.inspect(output)
        // Every field our stamp replaced is gone from the form; the drawn value is the only copy.
        let replaced = Set(SampleForm.stampFields.fields.compactMap(\.replacesFormField))
        #expect(after.formFields.filter { replaced.contains($0.name) }.isEmpty)
        #expect(try Tool.textWords(output)["Okafor-Lévy"] == 1)
        #expect(try Tool.qpdfCheck(output) != 2)
    }
}
