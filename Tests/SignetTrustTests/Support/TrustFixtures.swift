import Foundation
import Testing

/// Where the repository is, and processes the trust tests drive (openssl, pyHanko, the test TSA).
enum TrustFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let letter = root + "/SampleDocs/letter.pdf"

    static func scratch() -> String {
        let dir = NSTemporaryDirectory() + "signet-trust-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `arguments` (the first found on PATH) and answers its standard output; fails with
    /// its standard error when it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw FixtureFailure("\(arguments.joined(separator: " ")): \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: outData, as: UTF8.self)
    }

    struct FixtureFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Sealed PDFs and the certificates that sealed them. Made with pyHanko (PAdES, the structure
/// Signet's seals have) by `Tests/Trust/sealed_fixture.sh`: switching these tests to Signet's
/// own seals is a change to `make` alone.
struct SealedFixture: Sendable {
    /// The file after each seal: `files[0]` has one seal, `files[1]` two, ...
    let files: [[UInt8]]
    /// The seal certificate (DER) and the root's PEM.
    let sealCertificate: [UInt8]
    let rootPEM: String
    let directory: String

    /// `seals` seals on `input`, with an ECDSA P-256 (`ec`) or RSA (`rsa`) key; B-T when `tsa`
    /// (a time-stamp authority's URL) is given.
    static func make(kind: String = "ec", seals: Int, input: String = TrustFixtures.letter, tsa: String? = nil) throws -> SealedFixture {
        let dir = TrustFixtures.scratch()
        try TrustFixtures.run(
            [TrustFixtures.root + "/Tests/Trust/sealed_fixture.sh", dir, kind, input, String(seals)] + (tsa.map { [$0] } ?? []))
        let files = try (1...seals).map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(dir)/sealed-\($0).pdf"))) }
        try TrustFixtures.run(["openssl", "x509", "-in", dir + "/seal.pem", "-outform", "DER", "-out", dir + "/seal.der"])
        let certificate = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/seal.der")))
        let root = try String(contentsOfFile: dir + "/root.pem", encoding: .utf8)
        return SealedFixture(files: files, sealCertificate: certificate, rootPEM: root, directory: dir)
    }
}

/// The test time-stamp authority (`Tests/Trust/tsa_server.py`: `openssl ts -reply` behind an
/// HTTP server on 127.0.0.1), answering as `mode` says; stopped by `stop()`.
final class TestTSA: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let directory: String
    let url: String

    init(mode: String = "granted") throws {
        directory = TrustFixtures.scratch()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [TrustFixtures.root + "/Tests/Trust/tsa_server.py", "--dir", directory + "/pki", "--mode", mode]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The first line is the port, printed once the server listens.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([10]) { line += byte }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw TrustFixtures.FixtureFailure("the test TSA did not start")
        }
        url = "http://127.0.0.1:\(port)/"
    }

    /// The TSA's root and its own certificate, for `openssl ts -verify`.
    var rootPEM: String { directory + "/pki/root.pem" }
    var certificatePEM: String { directory + "/pki/tsa.pem" }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}
