import Foundation
import SignetModel
import Testing

@testable import SignetTemplates

@Suite("Template folders and filling")
struct TemplateFolderTests {
    @Test("a template's identity is its slug, version and the hash of both files")
    func identity() async throws {
        let dir = Fixtures.scratch() + "/letter"
        let definition = TemplateDefinition(
            name: "Letter", folder: "Samples",
            fields: [FieldDefinition(id: "n", kind: .text, page: 1, rect: MeasuredRect(x: 72, y: 72, width: 100, height: 14))])
        let first = try TemplateFolder.write(definition, document: Fixtures.sample("letter.pdf"), to: dir)
        #expect(first.identity.slug == "letter" && first.identity.version == 1)
        #expect(first.identity.contentHash.hasPrefix("sha256:") && first.identity.contentHash.count == 71)
        #expect(try TemplateFolder.load(dir).identity == first.identity)
        // The hash is reproducible with sha256sum, as documented.
        let manifest = try Tool.run("sh", ["-c", "cd '\(dir)' && sha256sum template.json document.pdf | sha256sum"])
        #expect(first.identity.contentHash == "sha256:" + manifest.prefix(64))

        var renamed = definition
        renamed.description = "changed"
        let second = try TemplateFolder.write(renamed, document: Fixtures.sample("letter.pdf"), to: dir)
        #expect(second.identity.contentHash != first.identity.contentHash)
        let third = try TemplateFolder.write(renamed, document: Fixtures.sample("form.pdf"), to: dir)
        #expect(third.identity.contentHash != second.identity.contentHash)
    }

    @Test("template.json errors name the place; slugs are plain")
    func badFiles() async throws {
        let dir = Fixtures.scratch() + "/broken"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(#"{"name": "x", "fields": [{"id": "a", "kind": "text", "pgae": 1}]}"#.utf8).write(
            to: URL(fileURLWithPath: dir + "/template.json"))
        try FileManager.default.copyItem(atPath: Fixtures.sample("letter.pdf"), toPath: dir + "/document.pdf")
        #expect {
            try TemplateFolder.load(dir)
        } throws: { error in
            "\(error)".contains("unknown key \"pgae\" in a field") && "\(error)".contains(".fields[0]")
        }
        #expect(throws: SignetError.self) {
            try TemplateFolder.write(
                TemplateDefinition(name: "x", fields: []), document: Fixtures.sample("letter.pdf"), to: Fixtures.scratch() + "/Bad Slug")
        }
    }

    @Test("units and rotation end to end: a field given in mm and fractions is stamped where the viewer saw it")
    func rotatedAndCropped() async throws {
        // Page 2 of rotated.pdf is turned 90 degrees; cropbox.pdf shows a window that does not start at 0,0.
        var onRotated = FieldDefinition(
            id: "r", kind: .text, page: 2, rect: MeasuredRect(x: 0.5, y: 0.5, width: 0.3, height: 0.05, unit: .fraction))
        onRotated.fontSize = 12
        var onCropped = FieldDefinition(id: "c", kind: .text, page: 1, rect: MeasuredRect(x: 20, y: 50, width: 80, height: 8, unit: .mm))
        onCropped.fontSize = 12
        for (pdf, field) in [("rotated.pdf", onRotated), ("cropbox.pdf", onCropped)] {
            let template = try await Fixtures.template(TemplateDefinition(name: "t", fields: [field]), document: Fixtures.sample(pdf))
            #expect(template.problems.isEmpty)
            let placed = try #require(template.fields.first?.rect?.points(onPage: .zero))
            let out = Fixtures.scratch() + "/out.pdf"
            _ = try await Fixtures.filler.fill(template, values: [field.id: .text("PLACED")], stage: .finish, output: out)
            let word = try #require(try Fixtures.inspect(out).pages[field.page! - 1].words?.first { $0.text == "PLACED" })
            #expect(placed.contains(word.rect, tolerance: 1), "\(pdf): \(word.rect) outside \(placed)")
        }
    }

    @Test("fill refuses with every problem and writes nothing; send stamps only the agent's fields")
    func fillStages() async throws {
        var ref = FieldDefinition(
            id: "ref", kind: .text, role: .agent, required: true, page: 1, rect: MeasuredRect(x: 72, y: 420, width: 200, height: 16))
        ref.pattern = "LN-[0-9]{6}"
        let name = FieldDefinition(
            id: "name", kind: .text, required: true, page: 1, rect: MeasuredRect(x: 72, y: 450, width: 200, height: 16))
        let sig = FieldDefinition(
            id: "sig", kind: .signature, required: true, page: 1, rect: MeasuredRect(x: 72, y: 480, width: 150, height: 40))
        let template = try await Fixtures.template(
            TemplateDefinition(name: "t", fields: [ref, name, sig]), document: Fixtures.sample("letter.pdf"))
        let out = Fixtures.scratch() + "/out.pdf"
        await #expect {
            try await Fixtures.filler.fill(template, values: ["ref": .text("nope"), "name": .text("Jane")], stage: .send, output: out)
        } throws: { error in
            let problems = (error as? FieldProblems)?.problems ?? []
            return problems.map(\.field) == ["name", "ref"] && problems[0].reason == "this field is for the customer to fill"
        }
        #expect(!FileManager.default.fileExists(atPath: out))

        let sent = try await Fixtures.filler.fill(template, values: ["ref": .text("LN-123456")], stage: .send, output: out)
        #expect(sent.stamp.stampedFields == ["ref"])
        #expect(try Tool.text(out).contains("LN-123456"))

        await #expect(throws: FieldProblems.self) {
            try await Fixtures.filler.fill(
                template, values: ["ref": .text("LN-123456"), "name": .text("Jane")], stage: .finish, output: out + "2")
        }
        let done = try await Fixtures.filler.fill(
            template, values: ["ref": .text("LN-123456"), "name": .text("Jane Roe"), "sig": .typed("Jane Roe")], stage: .finish,
            output: out)
        #expect(Set(done.stamp.stampedFields) == ["ref", "name", "sig"])
        #expect(done.template == template.folder.identity)
    }
}
