import CSignetQPDF
import Foundation
import SignetModel

/// One parse of the input serving a whole stamp: libqpdf reads the layout of the pages to be
/// stamped, we draw the overlay, and the merge goes into the same parsed document. Owns the
/// shim's session handle, closed in `deinit`; like every engine object it stays on one thread.
final class StampSession {
    private let handle: OpaquePointer
    /// What the stamp needs to know about the document.
    let layout: StampLayout

    /// Opens `path` and reads the layout of `pages`.
    init(path: String, password: String?, pages: Set<Int>) throws {
        let list = pages.sorted().map(String.init).joined(separator: ",")
        var answer: UnsafeMutablePointer<CChar>?
        let opened = signet_qpdf_session_open(path, password, list, &answer)
        let json: Data
        do {
            json = try QPDFCall.run { answer }
        } catch {
            if let opened { signet_qpdf_session_close(opened) }
            throw error
        }
        guard let opened else { throw SignetError(.internal, "qpdf opened no session for \(path)") }
        handle = opened
        do {
            layout = try JSONDecoder().decode(StampLayout.self, from: json)
        } catch {
            signet_qpdf_session_close(opened)
            throw SignetError(.internal, "unexpected layout report from qpdf: \(error)")
        }
    }

    deinit { signet_qpdf_session_close(handle) }

    /// Hands the session an overlay PDF; returns the index plans use as `source`.
    func addOverlay(_ pdf: [UInt8]) throws -> Int {
        let index = pdf.withUnsafeBufferPointer { signet_qpdf_session_add_overlay(handle, $0.baseAddress, $0.count) }
        guard index >= 0 else { throw SignetError(.internal, "qpdf cannot read an overlay we made") }
        return Int(index)
    }

    /// How a merge went: the way the file was written, and what qpdf had to say about it (a
    /// requested incremental update that had to become a rewrite, repairs, fields not found).
    struct Outcome: Decodable {
        var mode: MergeMode
        var warnings: [String]
    }

    /// Places overlay pages on the document by `plan` and writes `output`.
    func merge(plan: MergePlan, output: String) throws -> Outcome {
        let planJSON = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        let data = try QPDFCall.run { signet_qpdf_session_merge(handle, planJSON, output) }
        return try JSONDecoder().decode(Outcome.self, from: data)
    }
}

@available(*, unavailable)
extension StampSession: Sendable {}
