import CSignetQPDF
import Foundation
import SignetFiles
import SignetModel

/// The `previewCopy` job: libqpdf reads the document and finds how large each image is drawn,
/// libjpeg decodes oversized JPEGs at a fraction of their size (the DCT scaled, nearly free)
/// and encodes them again, and the shim appends them as an incremental update. A copy is
/// written only when some image was downscaled.
struct PreviewCopier {
    let request: PreviewCopyRequest

    private struct Answer: Decodable {
        var images: Int
        var replaced: Int
        var bytesBefore: Int
        var bytesAfter: Int
    }

    func run() throws -> PreviewCopyReport {
        try FileBytes.admit(path: request.path, limits: request.limits)
        let temp = AtomicFile.temporaryPath(for: request.output)
        defer { unlink(temp) }
        let json = try QPDFCall.run { signet_qpdf_preview_copy(request.path, Int32(clamping: request.maxWidth), temp) }
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: json)
        } catch {
            throw SignetError(.internal, "unexpected preview copy report from qpdf: \(error)")
        }
        guard answer.replaced > 0 else {
            return PreviewCopyReport(output: nil, images: answer.images, replaced: 0, bytesBefore: 0, bytesAfter: 0)
        }
        // A preview copy can always be made again: no fsync.
        try AtomicFile.commit(temp, to: request.output, durable: false)
        return PreviewCopyReport(
            output: request.output, images: answer.images, replaced: answer.replaced, bytesBefore: answer.bytesBefore,
            bytesAfter: answer.bytesAfter)
    }
}
