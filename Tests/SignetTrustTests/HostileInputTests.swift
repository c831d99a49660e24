import Foundation
import SignetFiles
import Testing

@testable import SignetTrust

/// The verifier reads untrusted bytes (anyone may POST a file): random bytes, truncations and
/// random damage to a sealed file must give an answer (never intact), quickly, without a crash.
@Suite("Verifier on hostile input")
struct HostileInputTests {
    static func judge(_ bytes: [UInt8], ours: Set<String> = []) -> Verification {
        Verification.judge(SealVerifier.examine(bytes), record: .notFound, sealCertificates: ours)
    }

    @Test("random bytes, and random bytes around seal-like keys, are never intact")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        let keys = ["/ByteRange [0 10 20 30]", "/Contents <3082", "/ByteRange [0 99999999999 1 1]", "%%EOF", "/M (D:2026", "/ByteRange ["]
        let started = Date()
        for round in 0..<400 {
            var bytes = (0..<Int.random(in: 0...3000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 2 == 0, let key = keys.randomElement(using: &generator) {
                bytes.insert(contentsOf: Array(key.utf8), at: Int.random(in: 0...bytes.count, using: &generator))
            }
            #expect(Self.judge(bytes).verdict != .intact)
        }
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test("a sealed file cut anywhere, or damaged at random inside its signature, is never intact")
    func truncationsAndDamage() throws {
        let fixture = try SealedFixture.make(seals: 1)
        let file = fixture.files[0]
        let ours: Set = [FileDigest.sha256(fixture.sealCertificate)]
        for cut in stride(from: 0, to: file.count, by: 37) {
            #expect(Self.judge(Array(file[0..<cut])).verdict != .intact)
        }
        let signature = try #require(try PDFSignatureScanner.signatures(in: file).first)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var copy = file
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let at = Int.random(in: signature.contentsStart..<signature.contentsEnd, using: &generator)
                copy[at] = Array("0123456789abcdef<> ".utf8).randomElement(using: &generator)!
            }
            if copy != file { #expect(Self.judge(copy, ours: ours).verdict == .altered) }
        }
    }

    @Test("DER headers that claim more bytes than there are are refused")
    func derLengths() {
        #expect(derObjectLength([0x30, 0x03, 1, 2, 3]) == 5)
        #expect(derObjectLength([0x30, 0x04, 1, 2, 3]) == nil)
        #expect(derObjectLength([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]) == nil)
        #expect(derObjectLength([0x30, 0x85, 1, 1, 1, 1, 1]) == nil)
        #expect(derObjectLength([0x30]) == nil)
        #expect(derObjectLength([]) == nil)
    }
}
