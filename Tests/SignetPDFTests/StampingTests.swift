import Foundation
import SignetModel
import Testing

@testable import SignetPDF

/// What each kind of value looks like on the page.
@Suite("Stamping values")
struct StampingTests {
    let letter = Fixtures.sample("letter.pdf")
    // An empty area of the sample letter.
    let box = Rect(x: 300, y: 500, width: 240, height: 40)

    func stampOne(_ kind: FieldKind, _ value: StampValue, align: TextAlignment? = nil) throws -> String {
        let out = Fixtures.scratch() + "/out.pdf"
        _ = try Fixtures.stamp(
            letter, fields: [StampField(id: "f", kind: kind, page: 1, rect: box, align: align)], values: ["f": value], output: out)
        return out
    }

    @Test("right-to-left text aligns to the right edge and stays extractable")
    func hebrew() throws {
        let out = try stampOne(.text, .text("שלום עולם"))
        let ink = try PixelDiff.ink(out, page: 1, in: box)
        #expect(ink.share > 0.01)
        #expect(ink.centreX > box.x + box.width / 2, "Hebrew should hug the right edge")
        let words = try Tool.textWords(out, readingOrder: true)
        #expect(words["שלום"] != nil || words["םולש"] != nil)
    }

    @Test("left-to-right text aligns left; explicit right alignment is honoured")
    func alignment() throws {
        let left = try PixelDiff.ink(try stampOne(.text, .text("Hello")), page: 1, in: box)
        let right = try PixelDiff.ink(try stampOne(.text, .text("Hello"), align: .right), page: 1, in: box)
        #expect(left.centreX < box.x + box.width / 2)
        #expect(right.centreX > box.x + box.width / 2)
    }

    @Test("Arabic, accents and CJK are drawn with fallback fonts")
    func scripts() throws {
        for text in ["مرحبا بالعالم", "Crème brûlée", "東京都"] {
            let out = try stampOne(.text, .text(text))
            #expect(try PixelDiff.ink(out, page: 1, in: box).share > 0.01, "\(text)")
            let extracted = try Tool.run("pdftotext", [out, "-"]).output
            #expect(text.split(separator: " ").contains { extracted.contains($0) || extracted.contains(String($0.reversed())) }, "\(text)")
        }
    }

    @Test("long text shrinks to fit its box")
    func shrink() throws {
        let long = String(repeating: "Bartholomew-Featherstonehaugh ", count: 4)
        let out = try stampOne(.text, .text(long))
        // Nothing spills: the ink right of the box is unchanged.
        #expect(try PixelDiff.differingPixels(letter, out, page: 1, masks: [box]) == 0)
        #expect(try Tool.textWords(out)["Bartholomew-Featherstonehaugh"] == 4)
    }

    @Test("checkboxes draw a vector check mark only when true")
    func checkbox() throws {
        let square = Rect(x: 300, y: 500, width: 14, height: 14)
        let on = Fixtures.scratch() + "/on.pdf"
        let off = Fixtures.scratch() + "/off.pdf"
        let field = StampField(id: "c", kind: .checkbox, page: 1, rect: square)
        _ = try Fixtures.stamp(letter, fields: [field], values: ["c": .checked(true)], output: on)
        _ = try Fixtures.stamp(letter, fields: [field], values: ["c": .checked(false)], output: off)
        #expect(try PixelDiff.ink(on, page: 1, in: square).share > 0.05)
        #expect(try PixelDiff.ink(off, page: 1, in: square).share == 0)
        #expect(try Tool.run("pdfimages", ["-list", on]).output.split(separator: "\n").count <= 2, "no image, a vector path")
    }

    @Test("drawn strokes stay vector paths")
    func strokes() throws {
        let stroke = [[StampValue.Point(x: 5, y: 30), .init(x: 40, y: 5), .init(x: 80, y: 35), .init(x: 120, y: 10)]]
        let out = try stampOne(.signature, .strokes(stroke))
        #expect(try PixelDiff.ink(out, page: 1, in: box).share > 0.01)
        let images = try Tool.run("pdfimages", ["-list", out]).output.split(separator: "\n")
        #expect(images.count <= 2, "the signature must not be rasterised")
    }

    @Test("typed signatures use a handwriting font")
    func typed() throws {
        let out = try stampOne(.signature, .typed("Jane Doe"))
        #expect(try Tool.run("pdffonts", [out]).output.contains("Kristi"))
        #expect(try PixelDiff.ink(out, page: 1, in: box).share > 0.01)
    }

    @Test("PNG and JPEG images, from paths and data URLs")
    func images() throws {
        let png = Fixtures.sample("signature.png")
        let dataURL = "data:image/png;base64," + (try Data(contentsOf: URL(fileURLWithPath: png))).base64EncodedString()
        let dir = Fixtures.scratch()
        try Tool.run("pdftoppm", ["-jpeg", "-r", "20", "-singlefile", letter, dir + "/photo"])
        for source in [png, dataURL, dir + "/photo.jpg"] {
            let out = try stampOne(.image, .image(source))
            #expect(try PixelDiff.ink(out, page: 1, in: box).share > 0.01)
        }
        // The JPEG is embedded as-is (DCT), not re-encoded.
        let jpegOut = try stampOne(.image, .image(dir + "/photo.jpg"))
        #expect(try Tool.run("pdfimages", ["-list", jpegOut]).output.contains("jpeg"))
    }

    @Test("an image file changed between stamps is read again, not served from the cache")
    func imageCacheFollowsTheFile() throws {
        let dir = Fixtures.scratch()
        let path = dir + "/sig.png"
        try FileManager.default.copyItem(atPath: Fixtures.sample("signature.png"), toPath: path)
        let before = try PixelDiff.ink(try stampOne(.image, .image(path)), page: 1, in: box)
        // Replace it with a tiny, almost empty image of another size.
        try Tool.run("pdftoppm", ["-png", "-r", "1", "-singlefile", Fixtures.sample("cropbox.pdf"), dir + "/blank"])
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: dir + "/blank.png", toPath: path)
        let after = try PixelDiff.ink(try stampOne(.image, .image(path)), page: 1, in: box)
        #expect(before.share != after.share)
    }

    @Test("dates are formatted; an empty signing date gets today's")
    func dates() throws {
        let out = Fixtures.scratch() + "/out.pdf"
        let fields = [
            StampField(id: "d", kind: .date, page: 1, rect: box, dateFormat: "dd/MM/yyyy"),
            StampField(id: "s", kind: .signingDate, page: 1, rect: Rect(x: 300, y: 560, width: 200, height: 20)),
        ]
        _ = try Fixtures.stamp(letter, fields: fields, values: ["d": .text("2026-02-03")], output: out)
        let words = try Tool.textWords(out)
        #expect(words["03/02/2026"] == 1)
        #expect(words[DateValue.format(Date(), pattern: nil)] == 1)
    }

    @Test(
        "bad values are refused naming the field",
        arguments: [
            (FieldKind.checkbox, StampValue.typed("x")), (.text, .strokes([])), (.date, .text("next Tuesday")),
            (.signature, .image("/nonexistent.png")), (.image, .image("data:image/png;base64,bm90IGFuIGltYWdl")),
        ])
    func badValues(kind: FieldKind, value: StampValue) {
        let error = Fixtures.failure(
            of: .stamp(
                StampRequest(
                    path: letter, fields: [StampField(id: "f", kind: kind, page: 1, rect: box)], values: ["f": value],
                    output: Fixtures.scratch() + "/out.pdf")))
        #expect(error?.field == "f")
        #expect(error?.code == .invalidInput || error?.code == .io)
    }

    @Test("a refused stamp leaves no output behind")
    func nothingHalfWritten() throws {
        let dir = Fixtures.scratch()
        let error = Fixtures.failure(
            of: .stamp(
                StampRequest(
                    path: letter, fields: [StampField(id: "f", kind: .date, page: 1, rect: box)], values: ["f": .text("soon")],
                    output: dir + "/out.pdf")))
        #expect(error != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
