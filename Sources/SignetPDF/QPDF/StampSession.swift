import CSignetQPDF
import Foundation
import SignetModel

/// One parse of the input serving a whole stamp: libqpdf reads the layout of the pages to be
/// stamped, we draw the overlay, and the merge goes into the same parsed document. A merge
/// that left the parsed input untouched lets the session serve the next stamp of the same
/// file too (see `StampSessionCache`). Owns the shim's session handle, closed in `deinit`;
/// like every engine object it stays on one thread.
final class StampSession {
    private let handle: OpaquePointer
    /// What the stamp needs to know about the document, for the pages laid out so far.
    private(set) var layout: StampLayout
    /// The pages `layout` describes (pages past the end are simply absent from it).
    private var laidOut: Set<Int>

    /// Opens `path` and reads the layout of `pages`.
    init(path: String, password: String?, pages: Set<Int>) throws {
        var answer: UnsafeMutablePointer<CChar>?
        let opened = signet_qpdf_session_open(path, password, Self.list(pages), &answer)
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
            layout = try Self.decode(json)
        } catch {
            signet_qpdf_session_close(opened)
            throw error
        }
        laidOut = pages
    }

    deinit { signet_qpdf_session_close(handle) }

    /// Makes sure `layout` covers `pages`, reading the ones it lacks from the parsed document.
    func layOut(_ pages: Set<Int>) throws {
        guard !pages.isSubset(of: laidOut) else { return }
        let wanted = pages.union(laidOut)
        let json = try QPDFCall.run { signet_qpdf_session_layout(handle, Self.list(wanted)) }
        layout = try Self.decode(json)
        laidOut = wanted
    }

    /// Hands the session an overlay PDF; returns the index plans use as `source`.
    func addOverlay(_ pdf: [UInt8]) throws -> Int {
        let index = pdf.withUnsafeBufferPointer { signet_qpdf_session_add_overlay(handle, $0.baseAddress, $0.count) }
        guard index >= 0 else { throw SignetError(.internal, "qpdf cannot read an overlay we made") }
        return Int(index)
    }

    /// Hands the session the bytes of a file to embed; returns the index attachments use as `source`.
    func addAttachment(_ contents: Data) throws -> Int {
        let index = contents.withUnsafeBytes {
            signet_qpdf_session_add_attachment(handle, $0.bindMemory(to: UInt8.self).baseAddress, $0.count)
        }
        guard index >= 0 else { throw SignetError(.internal, "qpdf cannot take a file to embed") }
        return Int(index)
    }

    /// How a merge went: the way the file was written, what qpdf had to say about it (a
    /// requested incremental update that had to become a rewrite, repairs, fields not found),
    /// and whether the parsed input is still untouched, so the session can merge again.
    struct Outcome: Decodable {
        var mode: MergeMode
        var warnings: [String]
        var reusable: Bool
        /// Where the seal's gap is, when the plan asked for a seal and the incremental path wrote it.
        var seal: SealPlaceholderWriter.Gap?
    }

    /// Places overlay pages on the document by `plan` and writes `output`.
    func merge(plan: MergePlan, output: String) throws -> Outcome {
        let planJSON = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        let data = try QPDFCall.run { signet_qpdf_session_merge(handle, planJSON, output) }
        return try JSONDecoder().decode(Outcome.self, from: data)
    }

    /// Drops the overlays and warnings of the last merge, readying a reusable session for the
    /// next stamp (and freeing the overlays while it waits).
    func reset() {
        signet_qpdf_session_reset(handle)
    }

    private static func list(_ pages: Set<Int>) -> String {
        pages.sorted().map(String.init).joined(separator: ",")
    }

    private static func decode(_ json: Data) throws -> StampLayout {
        do {
            return try JSONDecoder().decode(StampLayout.self, from: json)
        } catch {
            throw SignetError(.internal, "unexpected layout report from qpdf: \(error)")
        }
    }
}

@available(*, unavailable)
extension StampSession: Sendable {}
