import Foundation
import SignetModel
import Testing

@testable import SignetPDF
@testable import SignetSamples

/// Text tags leave the page entirely: Poppler neither draws nor extracts them, and every other
/// word keeps its place to the half point. Judged by pdftotext, by the engine's word boxes
/// before and after, and by rendering both versions.
@Suite("Text tag erasure")
struct TextTagEraserTests {
    static let nameTag = "{{text;id=full_name;role=agent;label=Full name;w=180}}"
    static let signatureTag = "{{signature;id=customer_sig;role=customer;required}}"
    static let dateTag = "{{date;id=signed_on}}"
    // "fi" becomes a ligature glyph and the Cyrillic a second (Type0) font: one tag, several fonts.
    static let mixedTag = "{{text;id=first_name;label=Имя}}"
    static let initialsTag = "{{initials;id=init;role=customer;label=Your initials here}}"

    /// A two-page Cairo document with tags among ordinary text.
    static func taggedDocument() throws -> String {
        let path = Fixtures.scratch() + "/tagged.pdf"
        let sketch = try Sketch(path: path)
        try sketch.page { pen in
            pen.text("Account opening", Rect(x: 72, y: 60, width: 400, height: 20), size: 16, bold: true)
            pen.text("Name: \(nameTag) (required)", Rect(x: 72, y: 110, width: 500, height: 16), size: 10)
            pen.text("Sign here \(signatureTag) and date \(dateTag) please", Rect(x: 72, y: 150, width: 500, height: 16), size: 9)
            pen.text("First name \(mixedTag) continues", Rect(x: 72, y: 190, width: 400, height: 16), size: 11)
            pen.text(
                "This paragraph has no tags at all and wraps over several lines, so ordinary text around the tags is covered too.",
                Rect(x: 72, y: 230, width: 300, height: 60), size: 11, multiline: true)
        }
        try sketch.page { pen in
            pen.text("Page two starts here.", Rect(x: 72, y: 72, width: 400, height: 16))
            pen.text("Initials \(initialsTag) end of page", Rect(x: 72, y: 120, width: 500, height: 16), size: 10)
        }
        try sketch.finish()
        return path
    }

    /// A page's words split into those of tags (Poppler splits a tag at its spaces) and the others.
    static func partition(_ words: [Word]) -> (tags: [Word], others: [Word]) {
        var tags: [Word] = []
        var others: [Word] = []
        var inside = false
        for w in words {
            if w.text.contains("{{") { inside = true }
            if inside { tags.append(w) } else { others.append(w) }
            if w.text.contains("}}") { inside = false }
        }
        return (tags, others)
    }

    /// The largest difference between two rectangles' edges, in points.
    static func distance(_ a: Rect, _ b: Rect) -> Double {
        max(abs(a.x - b.x), abs(a.y - b.y), abs(a.maxX - b.maxX), abs(a.maxY - b.maxY))
    }

    /// Checks that `output` is `input` without its tags: no tag text, every other word at its
    /// place, identical pixels outside the tags and blank tag areas.
    static func checkErased(input: String, output: String, pages: Int) throws {
        let text = try Tool.run("pdftotext", ["-enc", "UTF-8", output, "-"]).output
        #expect(!text.contains("{{") && !text.contains("}}"), "tag braces remain: \(text)")
        for fragment in ["customer_sig", "role=", "id=", "label=", "signed_on"] {
            #expect(!text.contains(fragment), "'\(fragment)' remains in the text")
        }
        #expect(try Tool.qpdfCheck(output) == 0)
        let before = try Fixtures.inspect(input, words: true)
        let after = try Fixtures.inspect(output, words: true)
        for page in 1...pages {
            let (tags, others) = partition(before.pages[page - 1].words ?? [])
            let kept = after.pages[page - 1].words ?? []
            #expect(!tags.isEmpty, "page \(page) had tags")
            // Reading order may change once a tag's gap opens, so words are matched by text and place.
            #expect(kept.count == others.count, "page \(page): \(kept.map(\.text)) against \(others.map(\.text))")
            var unmatched = kept
            for old in others {
                let index = unmatched.firstIndex { $0.text == old.text && distance($0.rect, old.rect) <= 0.5 }
                #expect(index != nil, "'\(old.text)' is gone or moved on page \(page)")
                if let index { unmatched.remove(at: index) }
            }
            let masks = tags.map(\.rect)
            #expect(try PixelDiff.differingPixels(input, output, page: page, masks: masks) == 0, "page \(page)")
            for tag in tags {
                // Inset: a neighbour's anti-aliased edge may touch the word box.
                let inner = Rect(x: tag.rect.x + 1, y: tag.rect.y + 1, width: tag.rect.width - 2, height: tag.rect.height - 2)
                #expect(try PixelDiff.ink(input, page: page, in: inner).share > 0, "'\(tag.text)' was drawn")
                #expect(try PixelDiff.ink(output, page: page, in: inner).share == 0, "'\(tag.text)' still shows")
            }
        }
    }

    @Test("tags drawn by Cairo leave text and pixels, and everything else stays in place")
    func cairoDocument() throws {
        let input = try Self.taggedDocument()
        let output = Fixtures.scratch() + "/erased.pdf"
        let outcome = try TextTagEraser.erase(input: input, output: output)
        #expect(outcome.erasedByPage[1] == [Self.nameTag, Self.signatureTag, Self.dateTag, Self.mixedTag])
        #expect(outcome.erasedByPage[2] == [Self.initialsTag])
        #expect(outcome.unresolved == [] && outcome.unreadable == [])
        try Self.checkErased(input: input, output: output, pages: 2)
        let words = try Tool.textWords(output)
        for word in ["Name:", "(required)", "Sign", "here", "and", "date", "please", "First", "continues", "Initials", "paragraph"] {
            #expect(words[word] != nil, "lost '\(word)'")
        }
    }

    @Test("a document without tags comes back with nothing erased and unchanged pages")
    func noTags() throws {
        let input = Fixtures.sample("letter.pdf")
        let output = Fixtures.scratch() + "/erased.pdf"
        let outcome = try TextTagEraser.erase(input: input, output: output)
        #expect(outcome.erased == [])
        #expect(outcome.unresolved == [] && outcome.unreadable == [])
        #expect(try Tool.textWords(output) == Tool.textWords(input))
        #expect(try PixelDiff.differingPixels(input, output, page: 1, masks: []) == 0)
        let contents = try Self.pageContents(input)
        #expect(contents.count == 1 && contents[0].contains("TJ"))
        #expect(try Self.pageContents(output) == contents)
    }

    @Test("a hand-written Helvetica page: Tj, TJ with kerning, quote operators, spacing, and a tag split over operators")
    func simpleFont() throws {
        // Standard 14 Helvetica without /Widths: the built-in metrics apply. Word and character
        // spacing are set so that a wrong advance would show.
        let content = """
            BT /F1 12 Tf 72 760 Td 14 TL
            (Name: {{text;id=a}} end) Tj
            0.4 Tc 2 Tw (Sign {{signature;id=b; role=customer}} here) '
            0 Tc 0 Tw T* [(Date: {{da) -120 (te;id=) 50 (c}}) -1000 (today)] TJ
            3 0.2 (Quoted {{q;id=d}} words) "
            T* (Split {{text;) Tj (id=e}} tail) Tj
            ET
            """
        let input = Fixtures.scratch() + "/helvetica.pdf"
        try HandMadePDF.write(to: input, content: content, resources: "/Font << /F1 5 0 R >>", objects: [Self.helvetica])
        let output = Fixtures.scratch() + "/erased.pdf"
        let outcome = try TextTagEraser.erase(input: input, output: output)
        #expect(
            outcome.erased.map(\.text) == [
                "{{text;id=a}}", "{{signature;id=b; role=customer}}", "{{date;id=c}}", "{{q;id=d}}", "{{text;id=e}}",
            ])
        #expect(outcome.unresolved == [] && outcome.unreadable == [])
        try Self.checkErased(input: input, output: output, pages: 1)
        #expect(
            try Tool.textWords(output).keys.sorted() == [
                "Date:", "Name:", "Quoted", "Sign", "Split", "end", "here", "tail", "today", "words",
            ])
    }

    @Test("a tag inside a form XObject drawn by the page is erased there")
    func formXObject() throws {
        let form = HandMadePDF.stream(
            "BT /F1 12 Tf 72 700 Td (Inside {{text;id=f}} form) Tj ET",
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>")
        let input = Fixtures.scratch() + "/form.pdf"
        try HandMadePDF.write(
            to: input, content: "q /X1 Do Q BT /F1 12 Tf 72 650 Td (Outside text) Tj ET",
            resources: "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>", objects: [Self.helvetica, form])
        let output = Fixtures.scratch() + "/erased.pdf"
        let outcome = try TextTagEraser.erase(input: input, output: output)
        #expect(outcome.erased == [.init(page: 1, text: "{{text;id=f}}")])
        try Self.checkErased(input: input, output: output, pages: 1)
    }

    @Test("text in a font with no Unicode mapping is reported, not guessed")
    func unreadableFont() throws {
        // An Identity-H font without /ToUnicode: its codes are glyph ids we cannot read.
        let type0 = """
            << /Type /Font /Subtype /Type0 /BaseFont /Unknown /Encoding /Identity-H /DescendantFonts [7 0 R] >>
            """
        let cid =
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>"
        let input = Fixtures.scratch() + "/unreadable.pdf"
        try HandMadePDF.write(
            to: input, content: "BT /F2 12 Tf 72 700 Td <00410042> Tj ET", resources: "/Font << /F2 6 0 R >>",
            objects: [Self.helvetica, type0, cid])
        let output = Fixtures.scratch() + "/erased.pdf"
        let outcome = try TextTagEraser.erase(input: input, output: output)
        #expect(outcome.erased == [])
        #expect(outcome.unresolved == [])
        #expect(outcome.unreadable.map(\.page) == [1])
        #expect(outcome.unreadable.first?.reason.contains("Unknown") == true, "names the font")
    }

    @Test("tags that cannot be removed faithfully are reported and left in place")
    func unresolvedTags() throws {
        // Text used as a clipping path (removing glyphs would change what is clipped), and a
        // non-embedded font that is not one of the standard 14 and has no /Widths.
        let arial = "<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding >>"
        let input = Fixtures.scratch() + "/unresolved.pdf"
        try HandMadePDF.write(
            to: input,
            content: """
                BT /F1 12 Tf 72 700 Td 7 Tr (Clip {{text;id=c}} x) Tj 0 Tr
                /F2 12 Tf 0 -20 Td (Arial {{text;id=w}} y) Tj
                /F1 12 Tf 0 -20 Td (Fine {{text;id=f}} z) Tj ET
                """,
            resources: "/Font << /F1 5 0 R /F2 6 0 R >>", objects: [Self.helvetica, arial])
        let output = Fixtures.scratch() + "/erased.pdf"
        let outcome = try TextTagEraser.erase(input: input, output: output)
        #expect(outcome.erased.map(\.text) == ["{{text;id=f}}"])
        #expect(outcome.unresolved.map(\.text) == ["{{text;id=c}}", "{{text;id=w}}"])
        #expect(outcome.unresolved.allSatisfy { $0.page == 1 && $0.reason.contains("left in place") })
        let text = try Tool.run("pdftotext", [output, "-"]).output
        #expect(text.contains("{{text;id=w}}") && !text.contains("{{text;id=f}}"))
    }

    @Test("failures map to Signet error codes and leave no output")
    func failures() throws {
        let dir = Fixtures.scratch()
        let notPDF = dir + "/not.pdf"
        try "hello".write(toFile: notPDF, atomically: true, encoding: .utf8)
        let error = #expect(throws: SignetError.self) { try TextTagEraser.erase(input: notPDF, output: dir + "/out.pdf") }
        #expect(error?.code == .notPDF)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["not.pdf"])
    }

    @Test("a tag split over two content streams, a Type 3 font, and a form drawn by two pages")
    func streamsType3AndSharedForm() throws {
        // The Type 3 glyphs are 0.3 em (space), 0.5 em (a) and 0.6 em (braces) wide through a 0.01
        // font matrix.
        let widths = (32...125).map { $0 == 32 ? "30" : $0 == 97 ? "50" : ($0 == 123 || $0 == 125) ? "60" : "0" }
        let type3 = """
            << /Type /Font /Subtype /Type3 /FontBBox [0 0 100 100] /FontMatrix [0.01 0 0 0.01 0 0] \
            /CharProcs << /space 12 0 R /a 11 0 R /braceleft 11 0 R /braceright 11 0 R >> \
            /Encoding << /Type /Encoding /Differences [32 /space 97 /a 123 /braceleft 125 /braceright] >> \
            /FirstChar 32 /LastChar 125 /Widths [\(widths.joined(separator: " "))] >>
            """
        let input = Fixtures.scratch() + "/streams.pdf"
        try HandMadePDF.write(
            to: input,
            objects: [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /Resources << /Font << /F1 5 0 R /F3 9 0 R >> /XObject << /X 8 0 R >> >> >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [6 0 R 7 0 R] >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R >>",
                Self.helvetica,
                HandMadePDF.stream("BT /F1 12 Tf 72 700 Td (Before {{text;) Tj"),
                HandMadePDF.stream("(id=span}} after) Tj ET q 1 0 0 1 0 -100 cm /X Do Q"),
                HandMadePDF.stream(
                    "BT /F1 10 Tf 72 500 Td (Shared {{sig;id=shared}} form) Tj ET", "/Type /XObject /Subtype /Form /BBox [0 0 595 842]"),
                type3,
                HandMadePDF.stream("BT /F1 12 Tf 72 700 Td (Page two) Tj ET q /X Do Q BT /F3 20 Tf 72 300 Td (a {{a}} a) Tj ET"),
                HandMadePDF.stream("50 0 0 0 40 50 d1 0 0 40 50 re f"),
                HandMadePDF.stream("30 0 d0"),
            ])
        let output = Fixtures.scratch() + "/erased.pdf"
        let outcome = try TextTagEraser.erase(input: input, output: output)
        #expect(outcome.erasedByPage[1] == ["{{text;id=span}}", "{{sig;id=shared}}"])
        #expect(outcome.erasedByPage[2] == ["{{a}}", "{{sig;id=shared}}"])
        #expect(outcome.unresolved == [] && outcome.unreadable == [])
        try Self.checkErased(input: input, output: output, pages: 2)
    }

    @Test("an encrypted document is read with its password and stays encrypted")
    func encrypted() throws {
        let plain = Fixtures.scratch() + "/plain.pdf"
        try HandMadePDF.write(
            to: plain, content: "BT /F1 12 Tf 72 700 Td (Secret {{text;id=s}} words) Tj ET", resources: "/Font << /F1 5 0 R >>",
            objects: [Self.helvetica])
        let input = Fixtures.scratch() + "/encrypted.pdf"
        #expect(try Tool.run("qpdf", ["--encrypt", "user", "owner", "256", "--", plain, input]).status == 0)
        let output = Fixtures.scratch() + "/erased.pdf"
        let refused = #expect(throws: SignetError.self) { try TextTagEraser.erase(input: input, output: output) }
        #expect(refused?.code == .encrypted)
        let outcome = try TextTagEraser.erase(input: input, password: "user", output: output)
        #expect(outcome.erased.map(\.text) == ["{{text;id=s}}"])
        #expect(try Tool.run("qpdf", ["--show-encryption", "--password=user", output]).output.contains("R = 6"))
        let text = try Tool.run("pdftotext", ["-upw", "user", output, "-"]).output
        #expect(text.contains("Secret") && text.contains("words") && !text.contains("{{"))
    }

    static let helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"

    /// The decoded content of each page, as qpdf reads it.
    static func pageContents(_ path: String) throws -> [String] {
        let pages = try Tool.run("qpdf", ["--show-pages", path]).output
        // "page 1: 3 0 R" followed by "  content:" and "    4 0 R" lines.
        var contents: [String] = []
        var current: [String]?
        for line in pages.split(separator: "\n") {
            if line.hasPrefix("page ") {
                if let c = current { contents.append(c.joined(separator: "\n")) }
                current = []
            } else if line.hasPrefix("    "), let id = line.split(separator: " ").first {
                current?.append(try Tool.run("qpdf", ["--show-object=\(id)", "--filtered-stream-data", path]).output)
            }
        }
        if let c = current { contents.append(c.joined(separator: "\n")) }
        return contents
    }
}
