import ArgumentParser
import Foundation
import SignetCommandLine
import SignetModel
import SignetSessions
import SignetStore
import SignetTrust

/// `signet verify`: whether a PDF is a document Signet finished, untouched. The seals are
/// checked by our own code; the record (`--data`) says whether the file is byte for byte the
/// one finished.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a sealed PDF's seals and, with --data, that it is the file Signet recorded as finished.",
        discussion: """
            Verdicts: intact (every seal valid, the last covering the whole file, and the file byte for byte the one \
            recorded as finished in --data), altered (the file has seals and something is not as sealed or as recorded), \
            unknown (no seals, a file this service never recorded, or no record consulted: without --data the best \
            answer is unknown).

            Exit status: 0 intact, 3 altered, 4 unknown; 1 when the file or the database cannot be read.
            """)

    @Argument(help: "The PDF to check.") var file: String
    @Option(help: "Data folder of the service (its signet.sqlite is read, never written).") var data: String?
    @Option(
        name: .customLong("seal-cert"),
        help: "PEM file of the service's seal certificate(s) (env SIGNET_SEAL_CERT): its seal on a file not recorded is altered.")
    var sealCert: String? = ProcessInfo.processInfo.environment["SIGNET_SEAL_CERT"]
    @Option(name: .customLong("max-file-mb"), help: "Largest file read, in MiB.") var maxFileMB = 200
    @Flag(help: "Print the verification as JSON.") var json = false

    func run() async throws {
        let verification: Verification
        do {
            verification = try await check()
        } catch let error as SignetError {
            throw Output.fail(error, json: json)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(verification), as: UTF8.self))
        } else {
            print(Self.describe(verification, file: file))
        }
        switch verification.verdict {
        case .intact: return
        case .altered: throw ExitCode(3)
        case .unknown: throw ExitCode(4)
        }
    }

    private func check() async throws -> Verification {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
        guard let size, let data = FileManager.default.contents(atPath: file) else {
            throw SignetError(.io, "cannot read \(file)")
        }
        guard size <= maxFileMB << 20 else { throw SignetError(.io, "\(file) is larger than \(maxFileMB) MiB (--max-file-mb)") }
        var ours: Set<String> = []
        // With a data folder and no certificate named, the folder's development seal (if any).
        let developmentChain = self.data.map { $0 + "/keys/" + DevelopmentCA.chainFile }
        if let sealCert = sealCert ?? developmentChain.flatMap({ FileManager.default.fileExists(atPath: $0) ? $0 : nil }) {
            guard let pem = try? String(contentsOfFile: sealCert, encoding: .utf8) else {
                throw SignetError(.io, "cannot read the seal certificate file \(sealCert)")
            }
            do { ours = try SealCertificates.digests(pem: pem) } catch { throw SignetError(.invalidInput, "\(sealCert): \(error)") }
        }
        let examination = SealVerifier.examine(Array(data))
        var record = RecordLookup.notConsulted
        if let folder = self.data {
            let store = try Store.openReadOnly(path: folder + "/signet.sqlite")
            record =
                try await store.finishedDocument(sha256: examination.sha256).map {
                    .found(RecordedDocument(session: $0.sessionId, interaction: $0.interactionId, finishedAt: $0.finishedAt))
                } ?? .notFound
        }
        var verification = Verification.judge(examination, record: record, sealCertificates: ours)
        if case .notConsulted = record, verification.verdict == .unknown, !examination.seals.isEmpty {
            verification.reason += " (give --data DIR)"
        }
        return verification
    }

    static func describe(_ verification: Verification, file: String) -> String {
        let time = ISO8601DateFormatter()
        var lines = ["\(file): \(verification.verdict.rawValue): \(verification.reason)"]
        for (index, seal) in verification.seals.enumerated() {
            var parts = [seal.signer ?? "unknown signer"]
            if let signed = seal.signedAt { parts.append("signed \(time.string(from: signed))") }
            if let stamped = seal.timeStampedAt { parts.append("time-stamped \(time.string(from: stamped))") }
            parts.append(seal.valid ? "valid" : "NOT valid: \(seal.problem ?? "")")
            parts.append(seal.coversWholeFile ? "covers the whole file" : "covers an earlier revision")
            lines.append("  seal \(index + 1): " + parts.joined(separator: ", "))
        }
        if let document = verification.document {
            let finished = document.finishedAt.map { ", finished \(time.string(from: $0))" } ?? ""
            lines.append("  document: session \(document.session), interaction \(document.interaction)\(finished)")
        }
        lines.append("  sha256: \(verification.sha256)")
        return lines.joined(separator: "\n")
    }
}
