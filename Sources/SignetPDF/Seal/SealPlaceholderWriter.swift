import CSignetQPDF
import Foundation
import SignetFiles
import SignetModel

/// The `prepareSeal` job: libqpdf reads the document, the shim appends the placeholder update
/// (its bytes written by us, so the byte range is exact), and the result is moved into place
/// atomically. A stamp job that is to be sealed appends the placeholder itself, in the same
/// write, and comes here only when it had to rewrite the file.
struct SealPlaceholderWriter {
    let request: SealPlaceholderRequest

    /// Where a placeholder's gap is, as the shim reports it.
    struct Gap: Decodable {
        var field: String
        var byteRange: [Int]
        var size: Int

        func report(output: String) -> SealPlaceholderReport {
            SealPlaceholderReport(output: output, field: field, byteRange: byteRange, size: size)
        }
    }

    func run() throws -> SealPlaceholderReport {
        try FileBytes.admit(path: request.path, limits: request.limits)
        let temp = AtomicFile.temporaryPath(for: request.output)
        defer { unlink(temp) }
        let spec = SealPlaceholderSpec(signingTime: request.signingTime, reason: request.reason, contentsBytes: request.contentsBytes)
        let gap = try Self.append(spec, to: request.path, writing: temp)
        try AtomicFile.commit(temp, to: request.output, durable: request.durable)
        return gap.report(output: request.output)
    }

    /// Writes `output` as the PDF at `path` plus the placeholder update.
    static func append(_ spec: SealPlaceholderSpec, to path: String, writing output: String) throws -> Gap {
        let json = try QPDFCall.run {
            signet_qpdf_seal_placeholder(path, spec.signingTime, spec.reason, spec.contentsBytes, output)
        }
        do {
            return try JSONDecoder().decode(Gap.self, from: json)
        } catch {
            throw SignetError(.internal, "unexpected seal report from qpdf: \(error)")
        }
    }
}
