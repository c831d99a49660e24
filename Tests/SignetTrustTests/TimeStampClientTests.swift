import Crypto
import Foundation
import SignetModel
import Testing

@testable import SignetTrust

/// The RFC 3161 client against a real TSA (`openssl ts -reply` on 127.0.0.1, started per test)
/// and against TSAs that answer garbage, refuse, stall or answer another request.
@Suite("RFC 3161 time-stamp client")
struct TimeStampClientTests {
    static let signature = [UInt8]((0..<72).map { UInt8($0 * 7 % 256) })

    @Test("a granted token is returned verbatim, stamps the signature and passes openssl ts -verify")
    func granted() async throws {
        let tsa = try TestTSA()
        defer { tsa.stop() }
        let token = try await TimeStampClient(url: tsa.url).timeStampToken(forSignature: Self.signature)
        let parsed = try TimeStampToken(token[...])
        #expect(parsed.imprint == Array(SHA256.hash(data: Self.signature)))
        #expect(parsed.stamps(Self.signature[...]))
        #expect(parsed.nonce != nil)
        #expect(abs(parsed.time.timeIntervalSinceNow) < 120)
        // An independent reader agrees: openssl checks the TSA's signature and the imprint.
        let file = tsa.directory + "/token.der"
        try Data(token).write(to: URL(fileURLWithPath: file))
        let digest = SHA256.hash(data: Self.signature).map { String(format: "%02x", $0) }.joined()
        let verified = try TrustFixtures.run([
            "openssl", "ts", "-verify", "-token_in", "-in", file, "-digest", digest, "-CAfile", tsa.rootPEM, "-untrusted",
            tsa.certificatePEM,
        ])
        #expect(verified.contains("Verification: OK"))
    }

    @Test("the request is DER with version 1, the SHA-256 imprint, the nonce and certReq TRUE")
    func requestShape() throws {
        let query = try TimeStampClient.request(imprint: Array(repeating: 0xab, count: 32), nonce: 0x1234)
        let dir = TrustFixtures.scratch()
        try Data(query).write(to: URL(fileURLWithPath: dir + "/q.tsq"))
        let text = try TrustFixtures.run(["openssl", "ts", "-query", "-in", dir + "/q.tsq", "-text"])
        #expect(text.contains("Version: 1"))
        #expect(text.contains("Hash Algorithm: sha256"))
        #expect(text.contains("Nonce: 0x1234"))
        #expect(text.contains("Certificate required: yes"))
    }

    @Test(
        "a TSA answering garbage, a rejection, another request's token, or nothing in time gives a clear error",
        arguments: [
            ("garbage", "not one well-formed DER object"), ("rejection", "refused the request (rejection: no)"),
            ("other", "time-stamps another signature"),
        ])
    func misbehaving(mode: String, expected: String) async throws {
        let tsa = try TestTSA(mode: mode)
        defer { tsa.stop() }
        let error = await #expect(throws: SignetError.self) {
            try await TimeStampClient(url: tsa.url).timeStampToken(forSignature: Self.signature)
        }
        #expect(error?.code == .io)
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.message.contains(tsa.url) == true)
    }

    @Test("a TSA that does not answer in time is given up after the timeout")
    func timeout() async throws {
        let tsa = try TestTSA(mode: "slow")
        defer { tsa.stop() }
        let started = Date()
        let error = await #expect(throws: SignetError.self) {
            try await TimeStampClient(url: tsa.url, timeout: 1).timeStampToken(forSignature: Self.signature)
        }
        #expect(error?.message.contains("no answer within 1.0 s") == true, "\(String(describing: error))")
        // The TSA stays silent for ten minutes, so ending well before that is the client giving
        // up. The bound is loose because this task shares the suite's two cooperative threads
        // with tests that hold them while they work synchronously (seen: 40 s, then 123 s, before
        // it was resumed).
        #expect(Date().timeIntervalSince(started) < 400)
    }

    @Test("nobody listening, and URLs that are not http(s), are clear errors")
    func unreachable() async throws {
        let error = await #expect(throws: SignetError.self) {
            try await TimeStampClient(url: "http://127.0.0.1:9/").timeStampToken(forSignature: Self.signature)
        }
        #expect(error?.message.contains("the request failed") == true, "\(String(describing: error))")
        for bad in ["ftp://tsa.example", "not a url", "http://"] {
            #expect(throws: SignetError.self) { try TimeStampClient(url: bad) }
        }
        for timeout in [0, -1, 301, .nan] {
            #expect(throws: SignetError.self) { try TimeStampClient(url: "http://127.0.0.1/", timeout: timeout) }
        }
    }
}
