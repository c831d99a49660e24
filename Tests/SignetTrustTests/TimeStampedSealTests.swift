import Foundation
import SignetModel
import SignetTrust
import Testing

/// Signet's own PAdES B-T seal: the sealer asks the test TSA (`openssl ts -reply` on 127.0.0.1)
/// to stamp its signature value and embeds the token; both validators and our verifier read it.
@Suite("B-T seals")
struct TimeStampedSealTests {
    @Test("a seal with a time-stamp passes pdfsig and pyHanko, whose report trusts the token, and verify reads its time")
    func timeStampedSeal() async throws {
        let tsa = try TestTSA()
        defer { tsa.stop() }
        let dir = SealFixtures.scratch()
        let (identity, _) = try DevelopmentCA.identity(in: dir + "/keys")
        let sealer = DocumentSealer(identity: identity, timeStamper: try TimeStampClient(url: tsa.url), engine: SealFixtures.engine)
        _ = try await sealer.seal(SealFixtures.samples + "/letter.pdf", to: dir + "/one.pdf")
        _ = try await sealer.seal(dir + "/one.pdf", to: dir + "/two.pdf")
        try identity.chainPEM.write(toFile: dir + "/chain.pem", atomically: true, encoding: .utf8)
        let verdicts = try Validators.pdfsig(dir + "/two.pdf")
        #expect(verdicts.map(\.valid) == [true, true] && verdicts.map(\.total) == [false, true], "pdfsig: \(verdicts)")

        // pyHanko checks the token too, so the TSA's root is trusted beside the seal's chain
        // (without it, pyHanko judges the seals invalid: their time-stamp is not trusted).
        let trust = ["--trust", dir + "/chain.pem", "--trust", tsa.rootPEM, "--trust-replace", "--no-revocation-check"]
        let summary = try SealFixtures.run("pyhanko", ["sign", "validate", "--executive-summary"] + trust + [dir + "/two.pdf"])
        #expect(summary.status == 0 && summary.output.components(separatedBy: ":VALID").count - 1 == 2, "\(summary.output)")
        let report = try SealFixtures.run("pyhanko", ["sign", "validate", "--pretty-print"] + trust + [dir + "/two.pdf"])
        #expect(report.output.contains("The TSA certificate is trusted"), "\(report.output)")

        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/two.pdf")))
        let examination = SealVerifier.examine(bytes)
        #expect(examination.seals.count == 2)
        for seal in examination.seals {
            #expect(seal.valid, "\(String(describing: seal.problem))")
            let stamped = try #require(seal.timeStampedAt)
            #expect(abs(stamped.timeIntervalSinceNow) < 300)
        }
    }
}
