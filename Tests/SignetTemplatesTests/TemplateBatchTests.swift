import Foundation
import SignetFiles
import SignetModel
import Testing

@testable import SignetTemplates

/// Batches run in-process against the shipped loan application: values read by field kind,
/// columns mapped, every problem of a row reported, PDFs written with their hash, resumed.
@Suite("Template batches")
struct TemplateBatchTests {
    static func loan() async throws -> CheckedTemplate {
        try await Fixtures.checker.check(TemplateFolder.load(Fixtures.template("loan-application")))
    }

    /// The sample values of the loan application as one JSON object, with `changes` applied
    /// (a nil removes a key).
    func row(_ changes: [String: Any?] = [:]) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("values/loan-application.json")))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for (key, value) in changes { object[key] = value ?? nil }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func report(_ folder: String) throws -> [BatchReportLine] {
        let text = try String(contentsOfFile: folder + "/report.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(BatchReportLine.self, from: Data($0.utf8)) }
            .sorted { $0.row < $1.row }
    }

    @Test("a cell's text is read by the kind of field it fills")
    func cells() async throws {
        let fields = Dictionary(uniqueKeysWithValues: try await Self.loan().fields.map { ($0.id, $0) })
        func read(_ text: String, _ id: String) -> StampValue { CellValue.value(.text(text), for: fields[id], relativeTo: "/data") }
        #expect(read("Yes", "agree_terms") == .checked(true))
        #expect(read("0", "agree_terms") == .checked(false))
        #expect(read("maybe", "agree_terms") == .text("maybe"))
        #expect(read("typed:Amara Okafor", "customer_signature") == .typed("Amara Okafor"))
        #expect(read("sigs/amara.png", "customer_signature") == .image("/data/sigs/amara.png"))
        #expect(read(" sigs/../a b.png ", "customer_signature") == .image("/data/a b.png"))
        #expect(CellValue.value(.text("a.png"), for: fields["customer_signature"], relativeTo: "/") == .image("/a.png"))
        #expect(read("data:image/png;base64,iVBO", "customer_signature") == .image("data:image/png;base64,iVBO"))
        #expect(read("25000", "loan_amount") == .text("25000"))
        #expect(CellValue.value(.value(.image("a.png")), for: fields["customer_signature"], relativeTo: "/data") == .image("/data/a.png"))
        #expect(CellValue.problem(with: .image("/data/sigs/amara.png"), images: .filesAllowed)?.contains("cannot be read") == true)
    }

    @Test("an image path is made absolute the same way whether joined as text or through URL, in real folders")
    func imagePaths() throws {
        // CellValue joins a plain relative path as text and sends the rest through URL, which asks
        // the file system; both must answer the same, for files and folders that exist or not.
        let data = Fixtures.scratch()
        try FileManager.default.createDirectory(atPath: data + "/sigs/deep", withIntermediateDirectories: true)
        for file in ["a.png", "sigs/amara.png", "sigs/deep/x.jpg"] {
            try Data([0]).write(to: URL(fileURLWithPath: data + "/" + file))
        }
        try FileManager.default.createSymbolicLink(atPath: data + "/linked", withDestinationPath: data + "/sigs")
        let names = [
            "a.png", "missing.png", "sigs", "sigs/", "sigs/amara.png", "sigs/deep/x.jpg", "linked/amara.png", "a b.png", "ünïcode.png",
            "-dash.png", "..png", ".hidden.png", "./a.png", "sigs/./amara.png", "sigs/../a.png", "../outside.png", "sigs//amara.png",
            "sigs/deep/", " a.png ",
        ]
        for folder in [data, data + "/", data + "/sigs", "/", "/nonexistent/folder"] {
            for name in names {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(name.trimmingCharacters(in: .whitespaces)).standardized.path
                #expect(CellValue.value(.value(.image(name)), for: nil, relativeTo: folder) == .image(url), "\(folder) + \(name)")
            }
        }
    }

    @Test("a mapping renames and leaves out columns; a header column that fills no field is named before any row")
    func mapping() async throws {
        let path = Fixtures.scratch() + "/map.json"
        try #"{"Customer": "full_name", "Notes": null, "Ghost": "nothing"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let mapping = try ColumnMapping.load(path)
        #expect(mapping.field(forColumn: "Customer") == "full_name")
        #expect(mapping.field(forColumn: "Notes") == nil)
        #expect(mapping.field(forColumn: "email") == "email")
        let problems = mapping.problems(
            fields: try await Self.loan().fields, columns: ["Customer", "full_name", "Notes", "colour", "ref"], nameColumn: "ref")
        #expect(
            problems == [
                "the mapping sends column 'Ghost' to 'nothing', which is not a field of the template",
                "columns 'Customer' and 'full_name' both fill the field 'full_name'",
                "column 'colour' is not a field id of the template; map it to one in a mapping file, or to null to leave it out",
            ])
        #expect(try JSONDecoder().decode(ColumnMapping.self, from: try JSONEncoder().encode(mapping)) == mapping)
    }

    @Test("JSON Lines rows: good rows written with their hash; a bad row gets every problem; a dry run writes no PDF")
    func batch() async throws {
        let folder = Fixtures.scratch()
        let data = folder + "/rows.jsonl"
        let lines = [
            try row(["full_name": nil, "Customer": "Jonas Berg"]),  // a mapped column
            try row(["loan_reference": "LN-200002", "email": "not-an-email", "full_name": nil, "favourite_colour": "teal"]),
            try row(["loan_reference": "LN-204816"]),  // the same PDF name as row 1
            try row(["loan_reference": "LN-300001", "customer_signature": "typed:Amara Okafor"]),
        ]
        try lines.joined(separator: "\n").write(toFile: data, atomically: true, encoding: .utf8)
        try #"{"Customer": "full_name"}"#.write(toFile: folder + "/map.json", atomically: true, encoding: .utf8)
        var options = TemplateBatch.Options(data: data, output: folder + "/out", images: .filesAllowed)
        options.mapping = try ColumnMapping.load(folder + "/map.json")
        options.nameColumn = "loan_reference"
        options.dryRun = true
        let batch = TemplateBatch(engine: Fixtures.engine)

        let dry = try await batch.run(try await Self.loan(), options: options)
        #expect(dry.valid == 2 && dry.failed == 2 && dry.written == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/out").filter { $0.hasSuffix(".pdf") }.isEmpty)

        options.dryRun = false
        let done = try await batch.run(try await Self.loan(), options: options)
        #expect(done.rows == 4 && done.written == 2 && done.failed == 2 && done.state == .finished)
        let report = try report(folder + "/out")
        #expect(report.map(\.status) == [.written, .failed, .failed, .written])
        #expect(report[0].output == "LN-204816.pdf" && report[3].output == "LN-300001.pdf")
        for line in report where line.status == .written {
            #expect(try FileDigest.sha256(file: folder + "/out/" + line.output!) == line.sha256)
        }
        let problems = try #require(report[1].problems)
        #expect(problems.map(\.field) == ["favourite_colour", "full_name", "email"])
        #expect(problems.map(\.reason).contains("there is no field with this id"))
        #expect(problems.first { $0.field == "email" }?.label == "Email address")
        #expect(report[2].problems?.map(\.reason) == ["another row already names its PDF LN-204816.pdf"])
        #expect(try BatchSummary.load(from: folder + "/out") == done)
    }

    @Test("resume skips rows whose PDF is there with its recorded hash, and redoes the others")
    func resume() async throws {
        let folder = Fixtures.scratch()
        let data = folder + "/rows.jsonl"
        try (1...4).map { try row(["loan_reference": "LN-10000\($0)"]) }.joined(separator: "\n")
            .write(toFile: data, atomically: true, encoding: .utf8)
        var options = TemplateBatch.Options(data: data, output: folder + "/out", images: .filesAllowed)
        let batch = TemplateBatch(engine: Fixtures.engine)
        #expect(try await batch.run(try await Self.loan(), options: options).written == 4)
        let out = folder + "/out"
        try FileManager.default.removeItem(atPath: out + "/row-000002.pdf")
        try Data("%PDF-1.7 cut short".utf8).write(to: URL(fileURLWithPath: out + "/row-000003.pdf"))
        try Data("left over".utf8).write(to: URL(fileURLWithPath: out + "/.row-000004.pdf.123.456.tmp"))

        options.resume = true
        let resumed = try await batch.run(try await Self.loan(), options: options)
        #expect(resumed.skipped == 2 && resumed.written == 2 && resumed.failed == 0)
        let report = try report(out)
        #expect(report.map(\.row) == [1, 2, 3, 4])
        for line in report { #expect(try FileDigest.sha256(file: out + "/" + line.output!) == line.sha256) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".tmp") }.isEmpty)

        // Different data is a different batch: no resume.
        try row().write(toFile: data, atomically: true, encoding: .utf8)
        await #expect { try await batch.run(try await Self.loan(), options: options) } throws: {
            "\($0)".contains("the data file is not the same")
        }
    }

    @Test("one batch at a time writes into a folder")
    func lock() async throws {
        let folder = Fixtures.scratch()
        let first = try BatchFolder(folder)
        #expect { try BatchFolder(folder) } throws: { "\($0)".contains("another batch is writing into") }
        withExtendedLifetime(first) {}
        #expect(BatchFolder.isTemporary(".row-000001.pdf.4242.17.tmp"))
        #expect(!BatchFolder.isTemporary("row-000001.pdf"))
        #expect(try BatchFolder.name(from: " LN-1.pdf ").get() == "LN-1.pdf")
        #expect(throws: SignetError.self) { try BatchFolder.name(from: "../etc/passwd").get() }
    }
}
