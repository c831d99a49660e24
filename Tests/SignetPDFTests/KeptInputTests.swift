import Foundation
import SignetModel
import Testing

@testable import SignetPDF

/// A worker keeping a template parsed between stamps (`keepInputOpen`, as batches ask): every
/// output must be exactly what a fresh parse would give, and a changed file is parsed again.
@Suite("Kept input between stamps")
struct KeptInputTests {
    let name = StampField(id: "name", kind: .text, page: 1, rect: Rect(x: 300, y: 500, width: 240, height: 40))
    let signature = StampField(id: "sig", kind: .signature, page: 1, rect: Rect(x: 300, y: 560, width: 150, height: 56))

    func stamp(_ path: String, _ fields: [StampField], _ values: [String: StampValue], keep: Bool = true) throws -> (StampReport, String) {
        let out = Fixtures.scratch() + "/out.pdf"
        let request = StampRequest(path: path, fields: fields, values: values, output: out, keepInputOpen: keep)
        switch Engine.perform(.stamp(request)) {
        case .stamped(let report): return (report, out)
        case .failed(let error): throw error
        default: throw SignetError(.internal, "unexpected outcome")
        }
    }

    @Test("one parse serves stamp after stamp, and each output holds only its own values")
    func reuse() throws {
        let letter = Fixtures.sample("letter.pdf")
        let people = ["Alpha", "Bravo", "Charlie"]
        for person in people {
            let values: [String: StampValue] = ["name": .text(person), "sig": .image(Fixtures.sample("signature.png"))]
            let (report, out) = try stamp(letter, [name, signature], values)
            #expect(report.mode == .incremental)
            #expect(StampSessionCache.keptPath == letter)
            let words = try Tool.textWords(out)
            #expect(words[person] == 1)
            #expect(people.filter { $0 != person }.allSatisfy { words[$0] == nil })
            #expect(try Tool.qpdfCheck(out) == 0)
            // Nothing of an earlier stamp is carried into a later one: the output is the size a
            // fresh parse gives (up to the overlay's time stamp).
            let (_, fresh) = try stamp(letter, [name, signature], values, keep: false)
            #expect(abs(try size(out) - size(fresh)) < 16)
        }
        // A stamp that does not ask for it released the kept input.
        #expect(StampSessionCache.keptPath == nil)
    }

    func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
    }

    @Test("a file replaced between stamps is parsed again")
    func replaced() throws {
        let path = Fixtures.scratch() + "/template.pdf"
        try FileManager.default.copyItem(atPath: Fixtures.sample("letter.pdf"), toPath: path)
        _ = try stamp(path, [name], ["name": .text("First")])
        #expect(StampSessionCache.keptPath == path)
        // The rotated sample has three pages where the letter had one.
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: Fixtures.sample("rotated.pdf"), toPath: path)
        var onPage3 = name
        onPage3.page = 3
        onPage3.rect = Rect(x: 20, y: 20, width: 100, height: 20)
        let (_, out) = try stamp(path, [onPage3], ["name": .text("Third")])
        #expect(try Tool.textWords(out)["Third"] == 1)
    }

    @Test("a stamp that removes form fields changes the parsed file, so it is not kept")
    func notReusable() throws {
        let form = Fixtures.sample("form.pdf")
        let field = StampField(
            id: "full_name", kind: .text, page: 1, rect: Rect(x: 180, y: 150, width: 300, height: 20), replacesFormField: "full_name")
        for person in ["Amara", "Jonas"] {
            let (_, out) = try stamp(form, [field], ["full_name": .text(person)])
            #expect(StampSessionCache.keptPath == nil)
            let report = try Fixtures.inspect(out)
            #expect(!report.formFields.contains { $0.name == "full_name" })
            #expect(try Tool.textWords(out)[person] == 1)
        }
    }
}
