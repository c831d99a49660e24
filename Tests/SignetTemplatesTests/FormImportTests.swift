import Foundation
import SignetModel
import Testing

@testable import SignetTemplates

@Suite("AcroForm import")
struct FormImportTests {
    @Test("the form of perf-corpus/form1p.pdf becomes field definitions", .enabled(if: Fixtures.hasPerfCorpus))
    func form1p() async throws {
        let pdf = Fixtures.perfCorpus + "/form1p.pdf"
        var options = TemplateMaker.Options()
        options.fromFormFields = true
        options.agentFields = ["Datefield"]
        options.requiredFields = ["Name.First", "Name.Last"]
        let dir = Fixtures.scratch() + "/form1p"
        let made = try await Fixtures.maker.make(from: pdf, options: options, into: dir)
        let fields = made.template.fields
        #expect(made.template.problems.isEmpty)
        #expect(
            fields.map(\.id) == ["Name.First", "Name.Last", "Datefield", "Integer.First", "Integer.Second", "TotalNumbers", "combo", "Pet"])
        #expect(made.skipped.map(\.field) == ["reset"])
        let first = try #require(fields.first)
        #expect(first.kind == .text && first.required && first.role == .customer && first.replacesFormField == "Name.First")
        #expect(first.rect == MeasuredRect(x: 17, y: 73.9, width: 146, height: 13))
        #expect(fields.first { $0.id == "Datefield" }?.role == .agent)
        let combo = try #require(fields.first { $0.id == "combo" })
        #expect(combo.kind == .dropdown && (combo.options?.count ?? 0) > 1)
        // The written template reads back the same.
        #expect(try TemplateFolder.load(dir).definition.fields == fields)

        // Filling it replaces the form fields: each value shows once, drawn by us.
        var values: [String: StampValue] = ["Name.First": .text("Amara"), "Name.Last": .text("Okafor"), "Datefield": .text("2026-11-21")]
        values["combo"] = .text(try #require(combo.options?.last?.value))
        let out = Fixtures.scratch() + "/filled.pdf"
        _ = try await Fixtures.filler.fill(made.template, values: values, stage: .finish, output: out)
        let text = try Tool.text(out)
        #expect(text.components(separatedBy: "Amara").count == 2 && text.contains("2026-11-21"))
        let report = try Fixtures.inspect(out, words: false)
        #expect(!report.formFields.contains { $0.name == "Name.First" })
    }

    @Test("a role or required flag for an unknown id is a definition problem")
    func unknownIds() async throws {
        var options = TemplateMaker.Options()
        options.fromFormFields = true
        options.agentFields = ["no_such_field"]
        await #expect {
            try await Fixtures.maker.make(from: Fixtures.sample("form.pdf"), options: options, into: Fixtures.scratch() + "/x")
        } throws: { error in
            (error as? FieldProblems)?.problems.map(\.field) == ["no_such_field"]
        }
    }
}
