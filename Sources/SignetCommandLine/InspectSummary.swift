import SignetModel

/// The human-readable form of an inspect report.
struct InspectSummary {
    let report: DocumentReport
    init(_ report: DocumentReport) { self.report = report }

    var text: String {
        var lines = ["PDF \(report.pdfVersion), \(report.pageCount) page(s), \(report.fileSize) bytes"]
        for key in report.metadata.keys.sorted() { lines.append("  \(key): \(report.metadata[key]!)") }
        let f = report.flags
        let flags = [
            ("encrypted", f.encrypted), ("XFA", f.xfa), ("XFA only", f.xfaOnly), ("JavaScript", f.javascript),
            ("signed", f.signed), ("tagged", f.tagged), ("repaired", f.repaired),
        ].filter(\.1).map(\.0)
        lines.append("flags: \(flags.isEmpty ? "none" : flags.joined(separator: ", "))")
        lines.append("outline items: \(report.outlineCount), links: \(report.linkCount)")
        for p in report.pages {
            lines.append(
                "page \(p.number)\(p.label.map { " (\($0))" } ?? ""): \(p.width) x \(p.height) pt, rotated \(p.rotation)\(p.hasText ? "" : ", no text")"
            )
        }
        for field in report.formFields {
            let place = field.rect.map { "page \(field.page!) at x \($0.x) y \($0.y), \($0.width) x \($0.height)" } ?? "no widget"
            lines.append(
                "field \(field.name) [\(field.kind)\(field.required ? ", required" : "")\(field.readOnly ? ", read-only" : "")]: \(place)")
        }
        for w in report.warnings { lines.append("warning: \(w.code): \(w.message)") }
        return lines.joined(separator: "\n")
    }
}
