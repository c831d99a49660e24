import Foundation
import SignetModel
import Testing

@testable import SignetPDF

/// Every bad input gets a specific error class, from every job.
@Suite("Bad input")
struct BadInputTests {
    func classify(_ path: String, limits: EngineLimits = .init(), password: String? = nil) -> [SignetError.Code?] {
        let out = Fixtures.scratch()
        let field = StampField(id: "f", kind: .text, page: 1, rect: Rect(x: 10, y: 10, width: 50, height: 10))
        return [
            Fixtures.failure(of: .inspect(InspectRequest(path: path, password: password, limits: limits)))?.code,
            Fixtures.failure(
                of: .render(RenderRequest(path: path, password: password, pages: .all, scale: .dpi(10), output: out + "/r", limits: limits))
            )?.code,
            Fixtures.failure(
                of: .stamp(
                    StampRequest(
                        path: path, password: password, fields: [field], values: ["f": .text("x")], output: out + "/s.pdf", limits: limits))
            )?.code,
        ]
    }

    @Test("not a PDF")
    func notPDF() throws {
        let path = Fixtures.scratch() + "/x.pdf"
        try "hello, I am a text file".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(classify(path) == [.notPDF, .notPDF, .notPDF])
        #expect(classify("/etc") == [.io, .io, .io])
        #expect(classify("/nonexistent.pdf") == [.io, .io, .io])
    }

    @Test("a job that allows only data: URLs reads no image file, whatever the path, and names the field")
    func imageFilesRefused() throws {
        let field = StampField(id: "stamp", kind: .image, page: 1, rect: Rect(x: 10, y: 10, width: 50, height: 50))
        for path in [Fixtures.sample("signature.png"), "/dev/zero", "/nonexistent.png"] {
            let request = StampRequest(
                path: Fixtures.sample("letter.pdf"), fields: [field], values: ["stamp": .image(path)],
                output: Fixtures.scratch() + "/s.pdf",
                images: .dataURLsOnly)
            let error = Fixtures.failure(of: .stamp(request))
            #expect(error?.code == .invalidInput && error?.field == "stamp", "\(path)")
            #expect(error?.message.contains(path) == false)
        }
    }

    @Test("damaged beyond repair")
    func damaged() throws {
        let path = Fixtures.scratch() + "/cut.pdf"
        try Data("%PDF-1.7\n1 0 obj\n<< /Type /Catalog".utf8).write(to: URL(fileURLWithPath: path))
        #expect(classify(path) == [.damaged, .damaged, .damaged])
    }

    @Test("encrypted with an open password, and opened with it")
    func encrypted() throws {
        let path = Fixtures.scratch() + "/locked.pdf"
        try Tool.run("qpdf", ["--encrypt", "sesame", "owner", "256", "--", Fixtures.sample("letter.pdf"), path])
        // Inspect describes the envelope and says a password is needed; the others refuse.
        #expect(classify(path) == [nil, .encrypted, .encrypted])
        let locked = try Fixtures.inspect(path)
        #expect(locked.flags.encrypted && locked.flags.needsPassword && locked.pageCount == 0)
        #expect(locked.warnings.first?.code == "needsPassword")
        #expect(classify(path, password: "sesame") == [nil, nil, nil])
        #expect(try Fixtures.inspect(path, password: "sesame").flags.encrypted)
        // An incremental update cannot be appended to an encrypted file; asking for one says so.
        let field = StampField(id: "f", kind: .text, page: 1, rect: Rect(x: 10, y: 10, width: 50, height: 10))
        let report = try Fixtures.stamp(path, fields: [field], values: ["f": .text("x")], mode: .incremental, password: "sesame")
        #expect(report.mode == .rewrite)
        #expect(report.warnings.contains { $0.message.contains("rewritten") })
    }

    @Test("too large and too many pages")
    func limits() throws {
        let letter = Fixtures.sample("letter.pdf")
        #expect(classify(letter, limits: EngineLimits(maxFileBytes: 1000)) == [.tooLarge, .tooLarge, .tooLarge])
        #expect(
            classify(Fixtures.sample("rotated.pdf"), limits: EngineLimits(maxPages: 3)) == [.tooManyPages, .tooManyPages, .tooManyPages])
    }

    @Test("an XFA-only form can be inspected but not stamped")
    func xfaOnly() throws {
        let path = Fixtures.scratch() + "/xfa.pdf"
        try MinimalPDF.write(
            to: path, catalogExtra: "/AcroForm << /Fields [] /XFA 4 0 R >>", extraObjects: ["<< /Length 0 >>\nstream\n\nendstream"])
        let report = try Fixtures.inspect(path)
        #expect(report.flags.xfa && report.flags.xfaOnly)
        #expect(report.warnings.contains { $0.code == "xfa" })
        #expect(classify(path)[2] == .xfaOnly)
    }

    @Test("broken files from the corpus that Poppler refuses get a clear class", .enabled(if: Fixtures.hasCorpus))
    func corpusSamples() {
        let cases: [(String, SignetError.Code)] = [
            ("cabinet/pdfCabinetOfHorrors_encryption_openpassword.pdf", .encrypted),
            ("poppler-test/unittestcases/PasswordEncrypted.pdf", .encrypted),
        ]
        for (file, code) in cases {
            #expect(classify("\(Fixtures.corpus)/\(file)")[1] == code, "\(file)")
        }
    }
}
