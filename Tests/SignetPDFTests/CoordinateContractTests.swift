import Foundation
import SignetModel
import Testing

@testable import SignetPDF
@testable import SignetSamples

/// A field placed at a rectangle on the displayed page must land exactly there, upright, on
/// rotated pages and on pages whose crop box does not start at 0,0. Judged by Poppler reading
/// the stamped word back, in the same contract.
@Suite("Coordinate contract end to end")
struct CoordinateContractTests {
    func stampAndFind(_ file: String, page: Int, rect: Rect) throws -> Rect? {
        let word = "MARK\(page)X"
        let out = Fixtures.scratch() + "/out.pdf"
        _ = try Fixtures.stamp(
            file, fields: [StampField(id: "m", kind: .text, page: page, rect: rect)], values: ["m": .text(word)], output: out)
        let report = try Fixtures.inspect(out, words: true)
        return report.pages[page - 1].words?.first(where: { $0.text == word })?.rect
    }

    @Test("text lands where it was placed on pages rotated 0, 90, 180 and 270", arguments: [1, 2, 3, 4])
    func rotated(page: Int) throws {
        let rect = Rect(x: 300, y: 120, width: 180, height: 30)
        let found = try #require(try stampAndFind(Fixtures.sample("rotated.pdf"), page: page, rect: rect))
        #expect(rect.contains(found, tolerance: 1), "found \(found)")
        // Upright: a horizontal word is wider than tall in displayed coordinates.
        #expect(found.width > found.height)
        #expect(found.x < rect.x + 6, "left-aligned text starts at the box's left edge")
    }

    @Test("text lands where it was placed on a page with an offset crop box")
    func cropped() throws {
        let report = try Fixtures.inspect(Fixtures.sample("cropbox.pdf"))
        #expect(report.pages[0].width == 395.28 && report.pages[0].height == 541.89)
        let rect = Rect(x: 10, y: 10, width: 150, height: 24)
        let found = try #require(try stampAndFind(Fixtures.sample("cropbox.pdf"), page: 1, rect: rect))
        #expect(rect.contains(found, tolerance: 1), "found \(found)")
    }

    @Test(
        "an image lands inside its box, upright, on rotated and cropped pages",
        arguments: [
            ("rotated.pdf", 1), ("rotated.pdf", 2), ("rotated.pdf", 3), ("rotated.pdf", 4), ("cropbox.pdf", 1),
        ])
    func images(file: String, page: Int) throws {
        let input = Fixtures.sample(file)
        let rect = Rect(x: 250, y: 300, width: 120, height: 45)
        let out = Fixtures.scratch() + "/out.pdf"
        _ = try Fixtures.stamp(
            input, fields: [StampField(id: "s", kind: .signature, page: page, rect: rect)],
            values: ["s": .image(Fixtures.sample("signature.png"))], output: out)
        #expect(try PixelDiff.ink(out, page: page, in: rect).share > 0.02)
        #expect(try PixelDiff.differingPixels(input, out, page: page, masks: [rect]) == 0)
        // Upright and unmirrored: the box looks like Cairo painting the image straight onto a
        // blank page (no merge, no matrices), which is the independent reference.
        let reference = Fixtures.scratch() + "/reference.pdf"
        let document = try OverlayDocument()
        try document.addPage(width: 595.28, height: 841.89) { cr in
            try StampImage(source: Fixtures.sample("signature.png"), field: "s").paint(in: rect, on: cr)
        }
        try Data(try document.finish()).write(to: URL(fileURLWithPath: reference))
        let expected = try PixelDiff.pixels(reference, page: 1, in: rect)
        let got = try PixelDiff.pixels(out, page: page, in: rect)
        // Resampling a rotated image anti-aliases its edges slightly differently; a pixel counts as
        // different only when a channel is off by more than a quarter of its range.
        func far(_ a: UInt32, _ b: UInt32) -> Bool {
            [16, 8, 0].contains { abs(Int((a >> $0) & 0xFF) - Int((b >> $0) & 0xFF)) > 64 }
        }
        let differing = zip(expected, got).filter { far($0, $1) }.count
        #expect(Double(differing) / Double(expected.count) < 0.02, "\(differing) of \(expected.count) pixels differ")
    }

    @Test("words of the original come back in displayed coordinates on rotated pages")
    func wordsOfRotatedPages() throws {
        let report = try Fixtures.inspect(Fixtures.sample("rotated.pdf"), words: true)
        for page in report.pages {
            let title = try #require(page.words?.first(where: { $0.text == "rotated" }), "page \(page.number)")
            #expect(Rect(x: 0, y: 0, width: page.width, height: page.height).contains(title.rect))
            // The title is drawn horizontally on the unrotated page, so it reads vertically after
            // a quarter turn.
            let vertical = title.rect.height > title.rect.width
            #expect(vertical == (page.rotation == 90 || page.rotation == 270), "page \(page.number)")
        }
    }

    @Test("AcroForm widgets are reported in the contract")
    func widgets() throws {
        let report = try Fixtures.inspect(Fixtures.sample("form.pdf"))
        let name = try #require(report.formFields.first(where: { $0.name == "full_name" }))
        #expect(name.rect == SampleForm.labels[0].rect)
        let plan = try #require(report.formFields.first(where: { $0.name == "plan" }))
        #expect(plan.kind == "radio")
        #expect(plan.widgets.map(\.rect) == [SampleForm.planBasic, SampleForm.planPremium])
        #expect(plan.options == ["basic", "premium"])
    }
}
