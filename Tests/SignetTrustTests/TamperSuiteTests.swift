import Foundation
import SignetFiles
import Testing

@testable import SignetTrust

/// trust.md §7: every way of changing a sealed file, including those both validators miss (a
/// flip in the zero padding or in the root certificate's copy inside the CMS, appended bytes,
/// a cut back to the previous revision), is "altered"; the untouched file is "intact". The
/// record holds only the untouched file, as the store would.
@Suite("Tamper suite")
struct TamperSuiteTests {
    /// Two seals, both time-stamped (B-T), on a plain PDF.
    static let fixture = Result { () throws -> SealedFixture in
        let tsa = try TestTSA()
        defer { tsa.stop() }
        return try SealedFixture.make(seals: 2, tsa: tsa.url)
    }

    static func verdict(_ bytes: [UInt8], original: [UInt8], ours: Set<String>) -> Verification {
        let examination = SealVerifier.examine(bytes)
        let record: RecordLookup =
            examination.sha256 == FileDigest.sha256(original)
            ? .found(RecordedDocument(session: "s", interaction: "i", finishedAt: nil)) : .notFound
        return Verification.judge(examination, record: record, sealCertificates: ours)
    }

    /// Offsets worth flipping beyond the regular sample: the trailer, the padding and the
    /// certificates' copies inside each seal's CMS.
    static func landmarks(_ file: [UInt8]) throws -> [Int] {
        var offsets = Array((file.count - 40)..<file.count)
        for signature in try PDFSignatureScanner.signatures(in: file) {
            let hexStart = signature.contentsStart + 1
            let der = try SealVerifier.signatureBytes(file[hexStart..<(signature.contentsEnd - 1)])
            let signed = try SignedDataReader(contentInfo: der[...], what: "seal")
            for certificate in signed.certificates {
                let at = try #require(PDFSignatureScanner.occurrences(of: Array(certificate), in: der).first)
                offsets += [at + 40, at + certificate.count / 2, at + certificate.count - 5].map { hexStart + 2 * $0 }
            }
            offsets += [hexStart + 2 * der.count + 10, signature.contentsEnd - 3]  // the zero padding
        }
        return offsets
    }

    @Test("byte flips sampled over the whole file (trailer, padding and certificates included) are all altered")
    func byteFlips() throws {
        let fixture = try Self.fixture.get()
        let ours: Set = [FileDigest.sha256(fixture.sealCertificate)]
        for original in fixture.files {
            let offsets = Set(Array(stride(from: 0, to: original.count, by: 53)) + (try Self.landmarks(original)))
            var altered = 0
            for offset in offsets {
                var copy = original
                copy[offset] ^= 0x01
                let answer = Self.verdict(copy, original: original, ours: ours)
                if answer.verdict == .altered {
                    altered += 1
                } else {
                    Issue.record("flip at \(offset): \(answer.verdict) \(answer.reason)")
                }
            }
            #expect(altered == offsets.count)
            #expect(offsets.count > 300)
        }
    }

    @Test("a flip in the padding and in the root certificate's copy are altered although the signatures still verify")
    func whatSignaturesMiss() throws {
        let fixture = try Self.fixture.get()
        let original = fixture.files[1]
        let ours: Set = [FileDigest.sha256(fixture.sealCertificate)]
        let last = try #require(try PDFSignatureScanner.signatures(in: original).last)
        var padding = original
        padding[last.contentsEnd - 3] = UInt8(ascii: "1")
        let paddingAnswer = Self.verdict(padding, original: original, ours: ours)
        #expect(paddingAnswer.verdict == .altered)
        #expect(paddingAnswer.reason.contains("padding"))
        let hexStart = last.contentsStart + 1
        let der = try SealVerifier.signatureBytes(original[hexStart..<(last.contentsEnd - 1)])
        let root = try SignedDataReader(contentInfo: der[...], what: "seal").certificates.first {
            Array($0) != fixture.sealCertificate
        }
        let rootDER = try #require(root)
        let rootAt = try #require(PDFSignatureScanner.occurrences(of: Array(rootDER), in: der).first)
        var flipped = original
        flipped[hexStart + 2 * (rootAt + 60)] ^= 0x01
        let examination = SealVerifier.examine(flipped)
        #expect(examination.seals.allSatisfy { $0.valid })  // the signature alone misses it
        #expect(Self.verdict(flipped, original: original, ours: ours).verdict == .altered)
    }

    @Test("appended bytes, an appended incremental update and a cut back to the previous revision are altered")
    func appendsAndCuts() throws {
        let fixture = try Self.fixture.get()
        let original = fixture.files[1]
        let ours: Set = [FileDigest.sha256(fixture.sealCertificate)]
        let comment = Self.verdict(original + Array("\n% a comment\n".utf8), original: original, ours: ours)
        #expect(comment.verdict == .altered)
        #expect(comment.reason.contains("bytes follow the last seal"))
        // A real incremental update, of a kind pyHanko itself allows after a seal: a new field.
        let input = fixture.directory + "/sealed-2.pdf"
        let updated = fixture.directory + "/updated.pdf"
        try TrustFixtures.run(["/usr/bin/python3", "-m", "pyhanko", "sign", "addfields", "--field", "1/10,10,60,60/Later", input, updated])
        let update = try [UInt8](Data(contentsOf: URL(fileURLWithPath: updated)))
        #expect(update.starts(with: original) && update.count > original.count)
        #expect(Self.verdict(update, original: original, ours: ours).verdict == .altered)
        // Cut back at the revision boundary: exactly the file after the first seal, whose seal
        // is valid and covers it all; only the record shows it is not the finished file.
        let cut = Array(original[0..<(try PDFSignatureScanner.signatures(in: original)[0].end)])
        #expect(cut == fixture.files[0])
        let examination = SealVerifier.examine(cut)
        #expect(examination.seals.count == 1 && examination.seals[0].valid && examination.seals[0].coversWholeFile)
        #expect(Self.verdict(cut, original: original, ours: ours).verdict == .altered)
    }

    @Test("the untouched files are intact")
    func untouched() throws {
        let fixture = try Self.fixture.get()
        let ours: Set = [FileDigest.sha256(fixture.sealCertificate)]
        for file in fixture.files {
            let answer = Self.verdict(file, original: file, ours: ours)
            #expect(answer.verdict == .intact, "\(answer.reason)")
            #expect(answer.seals.allSatisfy { $0.valid && $0.timeStampedAt != nil })
            #expect(answer.seals.last?.coversWholeFile == true)
        }
    }
}
