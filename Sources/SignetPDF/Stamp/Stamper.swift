import Foundation
import SignetFiles
import SignetModel

/// Produces a finished document: draws only the values, with Cairo, into overlay PDFs (see
/// `OverlayPlanner`), then places them onto the original pages with libqpdf. The original's objects (text,
/// links, outline, metadata, other fields) are never re-rendered, so they survive unchanged;
/// by default the merge is an incremental update appended to the untouched original bytes.
struct Stamper {
    let request: StampRequest
    var now = Date()

    func stamp() throws -> StampReport {
        // Before any file is opened: an image the request's policy forbids is never read.
        for id in request.values.keys.sorted() {
            if let reason = request.images.problem(with: request.values[id]!) { throw SignetError(.invalidInput, reason, field: id) }
        }
        try FileBytes.admit(path: request.path, limits: request.limits)
        let pages = Set(request.fields.map(\.page))
        let session: StampSession
        var file: StampSessionCache.FileIdentity?
        if request.keepInputOpen {
            (session, file) = try StampSessionCache.session(path: request.path, password: request.password, pages: pages)
        } else {
            StampSessionCache.clear()
            session = try StampSession(path: request.path, password: request.password, pages: pages)
        }
        let layout = session.layout
        try EnginePolicy.admit(
            pageCount: layout.pageCount, xfaOnly: layout.xfaOnly, forStamping: true, file: request.path, limits: request.limits)
        try StampPlan.validate(
            fields: request.fields, values: request.values, pageCount: layout.pageCount,
            bounds: layout.pages.mapValues(\.geometry.displayedBounds))

        let filled = request.fields.filter { request.values[$0.id] != nil || $0.kind == .signingDate }
        let overlays = try OverlayPlanner(layout: layout).plan(filled, value: value(for:))
        for pdf in overlays.overlays { _ = try session.addOverlay(pdf) }
        let plan = MergePlan(
            mode: request.mode, pages: overlays.placements,
            removeFields: FormFieldReplacement.names(filled: filled, layout: layout),
            attachments: try request.attachments.map { MergePlan.Attachment($0, source: try session.addAttachment($0.contents)) },
            seal: request.seal)
        let (outcome, seal) = try merge(session, plan: plan)
        let mode = outcome.mode
        if let file, outcome.reusable {
            StampSessionCache.keep(session, file: file, password: request.password)
        }

        var warnings = outcome.warnings.map { Warning(code: "pdf", message: $0) }
        if layout.repaired {
            warnings.append(Warning(code: "repaired", message: "the input needed repair, so the finished document is a full rewrite"))
        }
        if !layout.signedSignatures.isEmpty {
            warnings.append(
                mode == .incremental
                    ? Warning(
                        code: "signatureChanged",
                        message:
                            "the existing digital signature(s) stay valid for the original revision; validators will report the document was changed after signing"
                    )
                    : Warning(
                        code: "signatureInvalidated",
                        message: "the existing digital signature(s) no longer verify: the document had to be rewritten"))
        }
        return StampReport(
            output: request.output, mode: mode, stampedFields: filled.map(\.id), warnings: warnings,
            seal: seal?.report(output: request.output))
    }

    /// The value to draw: the given one, or today's date for a signing-date field left empty.
    private func value(for field: StampField) -> StampValue {
        if let v = request.values[field.id] { return v }
        return .text(DateValue.format(now, pattern: nil))  // ISO; the painter applies the field's format
    }

    /// Merges into a temporary file beside the output, then moves it into place, so a failed
    /// or killed stamp never leaves a half-written document under the output's name. A seal's
    /// placeholder joins the merge's own incremental update; after a rewrite (or on an input that
    /// needed repair) the written file is read again and the placeholder appended to it.
    private func merge(_ session: StampSession, plan: MergePlan) throws -> (StampSession.Outcome, SealPlaceholderWriter.Gap?) {
        let temp = AtomicFile.temporaryPath(for: request.output)
        defer { unlink(temp) }
        let outcome = try session.merge(plan: plan, output: temp)
        guard let spec = request.seal, outcome.seal == nil else {
            try AtomicFile.commit(temp, to: request.output, durable: request.durable)
            return (outcome, outcome.seal)
        }
        let sealed = AtomicFile.temporaryPath(for: request.output)
        defer { unlink(sealed) }
        let gap = try SealPlaceholderWriter.append(spec, to: temp, writing: sealed)
        try AtomicFile.commit(sealed, to: request.output, durable: request.durable)
        return (outcome, gap)
    }
}
