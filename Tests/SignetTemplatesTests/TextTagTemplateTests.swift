import Foundation
import SignetModel
import Testing

@testable import SignetTemplates

@Suite("Templates from text tags")
struct TextTagTemplateTests {
    @Test("tagged.pdf yields the tagged fields, and the tags are gone from the page and from its text")
    func tagged() async throws {
        let source = Fixtures.sample("tagged.pdf")
        var options = TemplateMaker.Options()
        options.fromTextTags = true
        let made = try await Fixtures.maker.make(from: source, options: options, into: Fixtures.scratch() + "/tagged")
        let fields = made.template.fields
        #expect(made.template.problems.isEmpty)
        #expect(made.tagCount == fields.count && fields.count >= 6)

        // The fields say what their tags said.
        let name = try #require(fields.first { $0.id == "full_name" })
        #expect(name.kind == .text && name.role == .customer && name.required && name.label == "Full name")
        #expect(name.rect?.width == 180)
        let signature = try #require(fields.first { $0.id == "customer_sig" })
        #expect(signature.kind == .signature && signature.page == 2 && signature.rect?.width == 160 && signature.rect?.height == 40)
        let plan = try #require(fields.first { $0.id == "plan" })
        #expect(plan.role == .agent && plan.options?.map(\.value) == ["Basic", "Plus", "Premium"])

        // Each field sits where its tag was written in the original.
        let original = try Fixtures.inspect(source)
        for field in fields {
            let tagWords = original.pages[field.page! - 1].words?.filter { $0.text.contains("id=\(field.id)") } ?? []
            let word = try #require(tagWords.first, "no tag word for \(field.id)")
            #expect(abs(word.rect.y - field.rect!.y) < 1, "\(field.id)")
        }

        // Gone from the extracted text...
        let document = made.template.folder.documentPath
        let text = try Tool.text(document)
        #expect(!text.contains("{{") && !text.contains("}}") && !text.contains("role=") && !text.contains("id=full_name"))
        let before = try Tool.text(source)
        let kept = before.components(separatedBy: .whitespacesAndNewlines).filter {
            !$0.isEmpty && !$0.contains("{{") && !$0.contains("}}") && !$0.contains("=")
        }
        #expect(kept.allSatisfy { text.contains($0) }, "ordinary words were lost")

        // ...and from the page: render and compare. Inside each tag's box the page is blank;
        // elsewhere it is unchanged.
        let tags = try Fixtures.engineTags(source)
        for page in 1...2 {
            let a = try Tool.gray(source, page: page)
            let b = try Tool.gray(document, page: page)
            #expect(a.width == b.width && a.height == b.height)
            let boxes = tags.filter { $0.page == page }.map(\.rect)
            #expect(!boxes.isEmpty)
            for box in boxes {
                #expect(a.ink(in: box) > 0)
                #expect(b.ink(in: box) == 0, "page \(page): the tag at \(box) still shows")
            }
            var changed = 0
            for y in 0..<a.height {
                for x in 0..<a.width where a.pixel(x, y) != b.pixel(x, y) {
                    let p = Rect(x: Double(x), y: Double(y), width: 1, height: 1)
                    if !boxes.contains(where: { Rect(x: $0.x - 2, y: $0.y - 2, width: $0.width + 4, height: $0.height + 4).intersects(p) })
                    {
                        changed += 1
                    }
                }
            }
            #expect(changed == 0, "page \(page): \(changed) pixels changed outside the tags")
        }

        // And the finished document shows the values, not the tags.
        let out = Fixtures.scratch() + "/filled.pdf"
        var values: [String: StampValue] = [:]
        for field in fields where field.required {
            switch field.kind {
            case .signature, .initials: values[field.id] = .typed("Amara")
            case .checkbox: values[field.id] = .checked(true)
            case .date: values[field.id] = .text("2026-11-21")
            case .email: values[field.id] = .text("amara@example.com")
            case .number: values[field.id] = .text("42")
            case .phone: values[field.id] = .text("+447700900123")
            case .dropdown, .radio: values[field.id] = .text(field.options?.first?.value ?? "")
            default: values[field.id] = .text("Amara Okafor")
            }
        }
        _ = try await Fixtures.filler.fill(made.template, values: values, stage: .finish, output: out)
        let finished = try Tool.text(out)
        #expect(finished.contains("Amara Okafor") && !finished.contains("{{"))
    }

    @Test("a document without tags gives no fields and an unchanged copy")
    func untagged() async throws {
        var options = TemplateMaker.Options()
        options.fromTextTags = true
        let made = try await Fixtures.maker.make(
            from: Fixtures.sample("letter.pdf"), options: options, into: Fixtures.scratch() + "/letter")
        #expect(made.tagCount == 0 && made.template.fields.isEmpty)
        #expect(FileManager.default.contentsEqual(atPath: made.template.folder.documentPath, andPath: Fixtures.sample("letter.pdf")))
    }
}
