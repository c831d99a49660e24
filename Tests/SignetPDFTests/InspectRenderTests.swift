import Foundation
import SignetModel
import Testing

@testable import SignetPDF

@Suite("Inspect and render")
struct InspectRenderTests {
    @Test("metadata, geometry and preflight of the samples")
    func samples() throws {
        let letter = try Fixtures.inspect(Fixtures.sample("letter.pdf"))
        #expect(letter.metadata["Title"] == "Welcome letter")
        #expect(letter.pageCount == 1 && letter.pages[0].width == 595.28 && letter.pages[0].rotation == 0)
        #expect(
            letter.flags
                == DocumentFlags(
                    encrypted: false, needsPassword: false, xfa: false, xfaOnly: false, javascript: false, signed: false, tagged: false,
                    repaired: false))
        let rotated = try Fixtures.inspect(Fixtures.sample("rotated.pdf"))
        #expect(rotated.pages.map(\.rotation) == [0, 90, 180, 270])
        #expect(rotated.pages[1].width == 841.89 && rotated.pages[1].height == 595.28)
    }

    @Test("perf corpus: links, outline, fields and JavaScript are seen", .enabled(if: Fixtures.hasPerfCorpus))
    func perfCorpus() throws {
        let text = try Fixtures.inspect("\(Fixtures.perfCorpus)/text21p.pdf")
        #expect(text.pageCount == 21 && text.linkCount == 30 && text.outlineCount == 22)
        let form = try Fixtures.inspect("\(Fixtures.perfCorpus)/form1p.pdf")
        #expect(form.flags.javascript)
        #expect(form.formFields.count >= 3)
        #expect(
            form.formFields.allSatisfy { f in
                f.widgets.allSatisfy { form.pages[0].geometry.displayedBounds.contains($0.rect, tolerance: 1) }
            })
    }

    @Test("an image-only page is flagged", .enabled(if: Fixtures.hasPerfCorpus))
    func imageOnly() throws {
        let scan = try Fixtures.inspect("\(Fixtures.perfCorpus)/scan10p.pdf")
        #expect(scan.warnings.filter { $0.code == "imageOnlyPage" }.count == 10)
        #expect(scan.pages.allSatisfy { !$0.hasText })
    }

    func render(_ file: String, pages: PageSelection = .all, scale: RenderScale, limits: EngineLimits = .init(), output: String? = nil)
        throws -> RenderReport
    {
        let out = output ?? Fixtures.scratch() + "/r"
        switch Engine.perform(.render(RenderRequest(path: file, pages: pages, scale: scale, output: out, limits: limits))) {
        case .rendered(let r): return r
        case .failed(let e): throw e
        default: throw SignetError(.internal, "unexpected")
        }
    }

    @Test("previews are valid PNGs of the displayed size")
    func previews() throws {
        let report = try render(Fixtures.sample("rotated.pdf"), scale: .dpi(36))
        #expect(report.pages.map(\.page) == [1, 2, 3, 4])
        #expect(report.pages[0].width == 298 && report.pages[0].height == 421)
        #expect(report.pages[1].width == 421 && report.pages[1].height == 298)
        for page in report.pages {
            let image = try StampImage(source: page.path, field: "check")
            #expect(image.width == page.width && image.height == page.height)
        }
        let single = try render(
            Fixtures.sample("letter.pdf"), pages: .ranges([1...1]), scale: .width(200), output: Fixtures.scratch() + "/one.png")
        #expect(single.pages[0].width == 200)
    }

    @Test("the pixel cap scales a huge preview down and says so")
    func pixelCap() throws {
        let report = try render(Fixtures.sample("letter.pdf"), scale: .dpi(1200), limits: EngineLimits(maxPixelsPerPage: 1_000_000))
        let page = report.pages[0]
        #expect(page.width * page.height <= 1_000_000)
        #expect(page.dpi < 1200)
        #expect(report.warnings.first?.code == "pixelCap")
    }

    @Test("selecting a page that does not exist is an error")
    func badPage() {
        #expect(throws: SignetError.self) { try render(Fixtures.sample("letter.pdf"), pages: .ranges([2...2]), scale: .dpi(10)) }
    }
}
