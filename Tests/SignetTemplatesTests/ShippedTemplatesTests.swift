import Foundation
import SignetModel
import Testing

@testable import SignetTemplates

@Suite("Shipped templates")
struct ShippedTemplatesTests {
    static let slugs = ["loan-application", "consent-form", "account-opening"]

    func checked(_ slug: String) async throws -> CheckedTemplate {
        try await Fixtures.checker.check(TemplateFolder.load(Fixtures.template(slug)))
    }

    @Test("each template checks clean; between them they use every field kind", arguments: slugs)
    func clean(slug: String) async throws {
        let template = try await checked(slug)
        #expect(template.problems.isEmpty, "\(template.problems)")
        #expect(template.fields.allSatisfy { $0.page != nil && $0.rect?.unit == nil })
        #expect(template.fields.contains { $0.role == .agent && $0.required })
        #expect(template.fields.contains { $0.role == .customer && $0.required })
    }

    @Test("every kind is covered")
    func kinds() async throws {
        var kinds: Set<FieldKind> = []
        for slug in Self.slugs { kinds.formUnion(try await checked(slug).fields.map(\.kind)) }
        #expect(kinds == Set(FieldKind.allCases))
    }

    @Test("each template fills with its sample values; send without the agent's values names each field", arguments: slugs)
    func fill(slug: String) async throws {
        let template = try await checked(slug)
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("values/\(slug).json")))
        var values = try JSONDecoder().decode([String: StampValue].self, from: data)
        // Image paths in the sample values are relative to the repository root.
        for (id, value) in values {
            if case .image(let path) = value, !path.hasPrefix("/"), !path.hasPrefix("data:") {
                values[id] = .image(Fixtures.root.appendingPathComponent(path).path)
            }
        }
        let out = Fixtures.scratch() + "/\(slug).pdf"
        let done = try await Fixtures.filler.fill(template, values: values, stage: .finish, output: out)
        #expect(done.template.slug == slug)
        #expect(Set(done.stamp.stampedFields).count >= values.count)

        let agentRequired = template.fields.filter { $0.role == .agent && $0.required && $0.value == nil }.map(\.id)
        await #expect {
            try await Fixtures.filler.fill(template, values: [:], stage: .send, output: out + ".sent.pdf")
        } throws: { error in
            Set((error as? FieldProblems)?.problems.map(\.field) ?? []) == Set(agentRequired)
        }
    }

    @Test("the anchored sample fields resolve inside their pages")
    func anchors() async throws {
        struct List: Decodable { var fields: [FieldDefinition] }
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("anchors.fields.json")))
        let fields = try JSONDecoder().decode(List.self, from: data).fields
        #expect(fields.allSatisfy { $0.anchor != nil })
        let placed = FieldLayout.place(fields, in: try Fixtures.inspect(Fixtures.sample("anchors.pdf")))
        #expect(placed.problems.isEmpty, "\(placed.problems)")
        // Three occurrences of one label give three different places.
        let signatures = placed.fields.filter { $0.anchor?.text == "Signature:" }.compactMap(\.rect)
        #expect(signatures.count == 3 && Set(signatures.map(\.y)).count == 3)
    }
}
