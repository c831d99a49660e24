import Foundation
import SignetFiles
import Testing

@testable import SignetTrust

/// Seals made by pyHanko (PAdES B-B and B-T, ECDSA and RSA) as our verifier reads them, and
/// the verdicts each record answer gives.
@Suite("Seal verification")
struct SealVerifierTests {
    static let ec = Result { try SealedFixture.make(kind: "ec", seals: 1) }
    static let rsa = Result { try SealedFixture.make(kind: "rsa", seals: 1) }

    static func recorded(_ file: [UInt8]) -> RecordLookup {
        .found(RecordedDocument(session: "s1", interaction: "i1", finishedAt: Date(timeIntervalSince1970: 1_800_000_000)))
    }

    @Test("an ECDSA P-256 and an RSA seal are valid, cover the whole file and name their signer", arguments: ["ec", "rsa"])
    func validSeal(kind: String) throws {
        let fixture = try (kind == "ec" ? Self.ec : Self.rsa).get()
        let examination = SealVerifier.examine(fixture.files[0])
        #expect(examination.problem == nil)
        let seal = try #require(examination.seals.first)
        #expect(examination.seals.count == 1)
        #expect(seal.valid, "\(seal.problem ?? "")")
        #expect(seal.coversWholeFile)
        #expect(seal.signer == "Signet Test Seal")
        #expect(seal.certificateSHA256 == FileDigest.sha256(fixture.sealCertificate))
        #expect(abs(try #require(seal.signedAt).timeIntervalSinceNow) < 600)
        #expect(seal.timeStampedAt == nil)
        #expect(examination.sha256 == FileDigest.sha256(fixture.files[0]))
    }

    @Test("a B-T seal's time-stamp token is checked and its time reported")
    func timeStamped() throws {
        let tsa = try TestTSA()
        defer { tsa.stop() }
        let fixture = try SealedFixture.make(seals: 1, tsa: tsa.url)
        let seal = try #require(SealVerifier.examine(fixture.files[0]).seals.first)
        #expect(seal.valid, "\(seal.problem ?? "")")
        let stamped = try #require(seal.timeStampedAt)
        #expect(abs(stamped.timeIntervalSinceNow) < 600)
    }

    @Test("verdicts: intact only when recorded; unknown without a record or for another's seal; altered for ours unrecorded")
    func verdicts() throws {
        let fixture = try Self.ec.get()
        let examination = SealVerifier.examine(fixture.files[0])
        let ours: Set = [FileDigest.sha256(fixture.sealCertificate)]
        let intact = Verification.judge(examination, record: Self.recorded(fixture.files[0]), sealCertificates: [])
        #expect(intact.verdict == .intact)
        #expect(intact.document?.session == "s1")
        let noRecord = Verification.judge(examination, record: .notConsulted, sealCertificates: ours)
        #expect(noRecord.verdict == .unknown)
        #expect(noRecord.reason.contains("no record was consulted"))
        let foreign = Verification.judge(examination, record: .notFound, sealCertificates: [])
        #expect(foreign.verdict == .unknown)
        #expect(foreign.reason.contains("never recorded"))
        let unrecorded = Verification.judge(examination, record: .notFound, sealCertificates: ours)
        #expect(unrecorded.verdict == .altered)
    }

    @Test("a PDF without seals is unknown; one whose signature dictionary lost its /ByteRange is altered")
    func noSeals() throws {
        let plain = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TrustFixtures.letter)))
        let verdict = Verification.judge(SealVerifier.examine(plain), record: .notFound, sealCertificates: [])
        #expect(verdict.verdict == .unknown)
        #expect(verdict.reason == "the file has no seals")
        var broken = try Self.ec.get().files[0]
        let at = try #require(PDFSignatureScanner.occurrences(of: Array("/ByteRange".utf8), in: broken).first)
        broken[at + 1] = UInt8(ascii: "b")
        let judged = Verification.judge(SealVerifier.examine(broken), record: .notFound, sealCertificates: [])
        #expect(judged.verdict == .altered, "\(judged.reason)")
    }

    @Test("PDF dates: UTC, offsets and partial dates")
    func pdfDates() {
        #expect(PDFDate.parse("D:20260101120000Z") == Date(timeIntervalSince1970: 1_767_268_800))
        #expect(PDFDate.parse("D:20260101130000+01'00'") == Date(timeIntervalSince1970: 1_767_268_800))
        #expect(PDFDate.parse("D:20260101") == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(PDFDate.parse("yesterday") == nil)
        // pyHanko escapes the colon as octal.
        let written = Array(#"D\07220260101120000Z) >>"#.utf8)
        #expect(PDFDate.parse(PDFSignatureScanner.literalString(written[...])) == Date(timeIntervalSince1970: 1_767_268_800))
    }
}
