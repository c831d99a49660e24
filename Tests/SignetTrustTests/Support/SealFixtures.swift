import Foundation
import SignetModel
import SignetPDF
import SignetTrust
import Testing

/// Shared helpers: scratch folders, the in-process engine, external tools.
enum SealFixtures {
    /// The repository's sample documents.
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleDocs").path

    static func scratch() -> String {
        let path = NSTemporaryDirectory() + "signet-trust-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The engine in this process: the tests exercise the same job a worker runs.
    static let engine = EngineRunner { job, _ in Engine.perform(job) }

    /// Runs a program, answering its exit status and its output (stdout and stderr together).
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a shell script (openssl recipes), failing the test when it fails.
    static func sh(_ script: String, in directory: String) throws {
        let (status, output) = try run("sh", ["-ec", script], in: directory)
        #expect(status == 0, "\(script)\n\(output)")
    }
}

/// What the two independent validators say about a sealed PDF.
struct Validators {
    /// pdfsig's verdict per signature, in file order: (valid, total document signed).
    static func pdfsig(_ path: String) throws -> [(valid: Bool, total: Bool)] {
        // pdfsig exits 0 even on a digest mismatch: its text is the verdict.
        let (_, output) = try SealFixtures.run("pdfsig", ["-nocert", path])
        var seals: [(Bool, Bool)] = []
        for block in output.components(separatedBy: "Signature #").dropFirst() {
            seals.append(
                (block.contains("- Signature Validation: Signature is Valid."), block.contains("- Total document signed")))
        }
        return seals
    }

    /// pyHanko's validation of every signature against `chain` as the only trust anchors.
    static func pyhanko(_ path: String, chain: String) throws -> (status: Int32, output: String) {
        try SealFixtures.run(
            "pyhanko",
            ["sign", "validate", "--trust", chain, "--trust-replace", "--no-revocation-check", "--executive-summary", path])
    }

    /// Both validators accept every seal of `path`, and the last covers the whole file.
    static func expectValid(_ path: String, seals: Int, chain: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verdicts = try pdfsig(path)
        #expect(verdicts.count == seals, "pdfsig found \(verdicts.count) signatures", sourceLocation: sourceLocation)
        for (index, verdict) in verdicts.enumerated() {
            #expect(verdict.valid, "pdfsig: signature \(index + 1) is not valid", sourceLocation: sourceLocation)
            #expect(
                verdict.total == (index == verdicts.count - 1), "pdfsig: coverage of signature \(index + 1)", sourceLocation: sourceLocation
            )
        }
        let (status, output) = try pyhanko(path, chain: chain)
        #expect(status == 0, "pyhanko: \(output)", sourceLocation: sourceLocation)
        #expect(output.components(separatedBy: ":VALID").count - 1 == seals, "pyhanko: \(output)", sourceLocation: sourceLocation)
    }
}
