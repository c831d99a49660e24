import CSignetQPDF
import Foundation
import SignetFiles
import SignetModel

/// The `prepareSeal` job: libqpdf reads the document, the shim appends the placeholder update
/// (its bytes written by us, so the byte range is exact), and the result is moved into place
/// atomically.
struct SealPlaceholderWriter {
    let request: SealPlaceholderRequest

    private struct Answer: Decodable {
        var field: String
        var byteRange: [Int]
        var size: Int
    }

    func run() throws -> SealPlaceholderReport {
        try FileBytes.admit(path: request.path, limits: request.limits)
        let temp = AtomicFile.temporaryPath(for: request.output)
        defer { unlink(temp) }
        let json = try QPDFCall.run {
            signet_qpdf_seal_placeholder(request.path, request.signingTime, request.reason, request.contentsBytes, temp)
        }
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: json)
        } catch {
            throw SignetError(.internal, "unexpected seal report from qpdf: \(error)")
        }
        try AtomicFile.commit(temp, to: request.output, durable: request.durable)
        return SealPlaceholderReport(output: request.output, field: answer.field, byteRange: answer.byteRange, size: answer.size)
    }
}
