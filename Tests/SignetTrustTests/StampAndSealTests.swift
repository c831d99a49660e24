import Crypto
import Foundation
import SignetModel
import SignetTrust
import Testing

/// A document stamped and sealed in one engine job: the stamp job adds the seal's placeholder to
/// its own update (next to its changes to the same objects: the form's fields, the page's
/// annotations, the catalog with the embedded field data), and this process signs.
@Suite struct StampAndSealTests {
    /// The sample form filled as a finish fills it: fields that replace the form's own, a
    /// signature, and `signet-fields.json` embedded in the same update.
    static func request(_ input: String, output: String, mode: MergeMode = .auto) throws -> StampRequest {
        let fields = try JSONDecoder().decode(
            StampFieldList.self, from: Data(contentsOf: URL(fileURLWithPath: SealFixtures.samples + "/form.fields.json")))
        let values = try JSONDecoder().decode(
            [String: StampValue].self, from: Data(contentsOf: URL(fileURLWithPath: SealFixtures.samples + "/form.values.json")))
        let data = EmbeddedFile(
            name: "signet-fields.json", mediaType: "application/json", description: "Field values", contents: Data("{}".utf8))
        return StampRequest(path: input, fields: fields.fields, values: values, output: output, mode: mode, attachments: [data])
    }

    static func count(_ needle: String, in path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .isoLatin1).components(separatedBy: needle).count - 1
    }

    /// Incremental (cross-reference stream and classic table) and rewritten stamps: the seal
    /// passes pdfsig and pyHanko, covers the whole file, and a second seal keeps it valid.
    @Test(arguments: ["incremental", "classic", "rewrite"])
    func stampedAndSealedInOneJob(variant: String) async throws {
        let dir = SealFixtures.scratch()
        var input = SealFixtures.samples + "/form.pdf"
        if variant == "classic" {
            input = dir + "/classic.pdf"
            try SealFixtures.sh("qpdf --object-streams=disable '\(SealFixtures.samples)/form.pdf' '\(input)'", in: dir)
            #expect(try !String(contentsOfFile: input, encoding: .isoLatin1).contains("/Type /XRef"))
        }
        let (identity, _) = try DevelopmentCA.identity(in: dir + "/keys")
        let sealer = DocumentSealer(identity: identity, engine: SealFixtures.engine)
        let output = dir + "/sealed.pdf"
        let (report, seal) = try await sealer.stamp(
            try Self.request(input, output: output, mode: variant == "rewrite" ? .rewrite : .auto))

        #expect(report.mode == (variant == "rewrite" ? .rewrite : .incremental))
        #expect(seal.field == "Seal1")
        #expect(report.seal?.field == "Seal1")
        let sealed = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(seal.size == sealed.count)
        #expect(seal.sha256 == SHA256.hash(data: sealed).map { String(format: "%02x", $0) }.joined())
        if variant != "rewrite" {
            // The original bytes, then one update holding the stamp and the seal.
            let original = try Data(contentsOf: URL(fileURLWithPath: input))
            #expect(sealed.prefix(original.count) == original)
            #expect(try Self.count("%%EOF", in: output) == Self.count("%%EOF", in: input) + 1)
        }
        try identity.chainPEM.write(toFile: dir + "/chain.pem", atomically: true, encoding: .utf8)
        try Validators.expectValid(output, seals: 1, chain: dir + "/chain.pem")
        let check = try SealFixtures.run("qpdf", ["--check", output])
        #expect(check.status == 0, "\(check.output)")
        // The stamp's own changes survive the seal's update: replaced fields gone, the seal's
        // field listed, the field data embedded.
        let form = try SealFixtures.run("qpdf", ["--json", "--json-key=acroform", output]).output
        #expect(form.contains("\"fullname\": \"Seal1\""))
        #expect(!form.contains("\"fullname\": \"full_name\""))
        #expect(try SealFixtures.run("pdfdetach", ["-list", output]).output.contains("signet-fields.json"))

        // A countersignature's seal on the sealed file keeps the first one valid.
        let second = try await sealer.seal(output, to: dir + "/two.pdf")
        #expect(second.field == "Seal2")
        try Validators.expectValid(dir + "/two.pdf", seals: 2, chain: dir + "/chain.pem")
    }

    /// A file that cannot be sealed leaves nothing behind: no unsealed PDF under the output's name.
    @Test func unsealableStampWritesNothing() async throws {
        let dir = SealFixtures.scratch()
        let input = dir + "/encrypted.pdf"
        try SealFixtures.sh(
            "qpdf --encrypt user owner 256 -- '\(SealFixtures.samples)/form.pdf' '\(input)'", in: dir)
        let (identity, _) = try DevelopmentCA.identity(in: dir + "/keys")
        let sealer = DocumentSealer(identity: identity, engine: SealFixtures.engine)
        var request = try Self.request(input, output: dir + "/out.pdf")
        request.password = "user"
        let error = await #expect(throws: SignetError.self) { try await sealer.stamp(request) }
        #expect(error?.code == .encrypted)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.pdf"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["encrypted.pdf", "keys"])
    }
}
