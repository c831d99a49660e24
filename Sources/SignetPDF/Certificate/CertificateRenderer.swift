import CCairo
import Foundation
import SignetFiles
import SignetModel

/// Draws a certificate of completion as its own A4 PDF with Cairo and Pango: a header band,
/// the document and its parties, the integrity values (file hashes, seal certificate, the
/// record's head hash), then every event in a table whose long values wrap and whose rows
/// flow onto further pages under a repeated header. Everything is measured first, so the
/// footer can say "page n of N".
struct CertificateRenderer {
    let certificate: CompletionCertificate

    static let pageWidth = 595.28
    static let pageHeight = 841.89
    static let margin = 46.0
    static let bandHeight = 86.0
    static let footerHeight = 24.0
    static var contentWidth: Double { pageWidth - 2 * margin }

    static let navy = (0.09, 0.15, 0.29)
    static let gray = (0.42, 0.45, 0.5)
    static let rule = (0.83, 0.85, 0.88)
    static let stripe = (0.955, 0.962, 0.975)

    /// The table's columns: title and share of the content width.
    static let columns: [(title: String, width: Double)] = [
        ("Time (UTC)", 0.11), ("Actor", 0.16), ("Channel", 0.13), ("IP address", 0.115), ("User agent", 0.20),
        ("What happened", 0.285),
    ]
    static let cellPadding = 4.0
    static let cellSize = 7.5

    /// A piece of the flow: its measured height and how to draw it at a given top.
    struct Block {
        var height: Double
        /// Table rows get the table's header again at the top of a new page.
        var isRow = false
        /// A heading is never left alone at the bottom of a page.
        var keepWithNext = false
        var draw: (OpaquePointer, Double) -> Void
    }

    func write(to output: String) throws -> CertificateReport {
        guard let scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else {
            throw SignetError(.internal, "Cairo cannot create a surface to measure text")
        }
        defer { cairo_surface_destroy(scratch) }
        let measure = cairo_create(scratch)!
        defer { cairo_destroy(measure) }

        let pages = paginate(blocks(measure: measure), header: tableHeader(measure: measure))
        let document = try OverlayDocument()
        document.setCreationDate(ISO8601DateFormatter().string(from: certificate.completedAt))
        document.setTitle("Certificate of completion: \(certificate.documentTitle)", creator: "Signet")
        for (index, page) in pages.enumerated() {
            try document.addPage(width: Self.pageWidth, height: Self.pageHeight) { cr in
                let top = index == 0 ? drawBand(cr) : drawRunningHead(cr)
                var y = top
                for block in page {
                    block.draw(cr, y)
                    y += block.height
                }
                drawFooter(cr, page: index + 1, of: pages.count)
            }
        }
        try AtomicFile.write(try document.finish(), to: output)
        return CertificateReport(output: output, pages: pages.count)
    }

    // MARK: - Flow

    private func paginate(_ blocks: [Block], header: Block) -> [[Block]] {
        let bottom = Self.pageHeight - Self.margin - Self.footerHeight
        var pages: [[Block]] = [[]]
        var y = Self.bandHeight + 22
        for (i, block) in blocks.enumerated() {
            var needed = block.height
            if block.keepWithNext, i + 1 < blocks.count { needed += blocks[i + 1].height }
            if y + needed > bottom && !pages[pages.count - 1].isEmpty {
                pages.append([])
                y = Self.margin + 26
                if block.isRow {
                    pages[pages.count - 1].append(header)
                    y += header.height
                }
            }
            pages[pages.count - 1].append(block)
            y += block.height
        }
        return pages
    }

    private func blocks(measure: OpaquePointer) -> [Block] {
        var out: [Block] = []
        let width = Self.contentWidth
        let x = Self.margin

        out.append(heading("Document", measure: measure))
        let title = CertificateText(text: certificate.documentTitle, face: .bold, size: 15, color: Self.navy)
        let titleHeight = title.height(width: width, on: measure)
        out.append(Block(height: titleHeight + 8) { cr, y in title.draw(x: x, y: y, width: width, on: cr) })
        out += pairs(
            [
                ("Document id", certificate.interaction, .mono), ("Session", certificate.session, .mono),
                ("From", certificate.source, .body), ("Pages", String(certificate.pageCount), .body),
                ("Completed", Self.time(certificate.completedAt) + " UTC", .body),
            ], measure: measure)

        out.append(heading("Parties", measure: measure))
        out.append(parties(measure: measure))

        out.append(heading("Integrity", measure: measure))
        var integrity: [(String, String, CertificateText.Face)] = [
            ("Original PDF SHA-256", certificate.originalSHA256, .mono),
            ("Finished PDF SHA-256", certificate.finishedSHA256, .mono),
        ]
        if let seal = certificate.seal {
            integrity.append(("Seal certificate", seal.subject, .body))
            integrity.append(("Seal SHA-256 fingerprint", seal.fingerprint, .mono))
        } else {
            integrity.append(("Seal", "not sealed: no seal key is configured", .body))
        }
        integrity.append(("Record head hash", certificate.headHash, .mono))
        integrity.append(("Head at event", "#\(certificate.headEvent), the completion of this document", .body))
        out += pairs(integrity, measure: measure)

        out.append(heading("Events (\(certificate.events.count))", measure: measure))
        out.append(tableHeader(measure: measure))
        for (i, event) in certificate.events.enumerated() {
            out.append(row(event, striped: i % 2 == 1, measure: measure))
        }

        let note = CertificateText(
            text:
                "How to check this certificate: the finished PDF's SHA-256 must equal the value above. The record head hash is the hash of event #\(certificate.headEvent) in the session's record (GET /api/v1/sessions/\(certificate.session)/events); every earlier event of the service is chained into it, and `signet audit verify` checks that chain.",
            size: 7.5, color: Self.gray)
        let noteHeight = note.height(width: width, on: measure)
        out.append(Block(height: noteHeight + 16) { cr, y in note.draw(x: x, y: y + 12, width: width, on: cr) })
        return out
    }

    private func heading(_ title: String, measure: OpaquePointer) -> Block {
        let text = CertificateText(text: title.uppercased(), face: .bold, size: 8, color: Self.gray)
        let height = text.height(width: Self.contentWidth, on: measure)
        return Block(height: height + 18, keepWithNext: true) { cr, y in
            text.draw(x: Self.margin, y: y + 10, width: Self.contentWidth, on: cr)
            Self.line(cr, y: y + 12 + height, from: Self.margin, to: Self.margin + Self.contentWidth, color: Self.rule)
        }
    }

    /// Label and value rows: labels in gray on the left, values wrapped on the right.
    private func pairs(_ rows: [(String, String, CertificateText.Face)], measure: OpaquePointer) -> [Block] {
        let labelWidth = 128.0
        let valueWidth = Self.contentWidth - labelWidth
        return rows.map { label, value, face in
            let l = CertificateText(text: label, size: 8.5, color: Self.gray)
            let v = CertificateText(text: value, face: face, size: face == .mono ? 8 : 9)
            let height = max(l.height(width: labelWidth - 8, on: measure), v.height(width: valueWidth, on: measure)) + 5
            return Block(height: height) { cr, y in
                l.draw(x: Self.margin, y: y, width: labelWidth - 8, on: cr)
                v.draw(x: Self.margin + labelWidth, y: y, width: valueWidth, on: cr)
            }
        }
    }

    /// The parties side by side, each in a light card.
    private func parties(measure: OpaquePointer) -> Block {
        let gap = 12.0
        let count = max(certificate.parties.count, 1)
        let cardWidth = (Self.contentWidth - gap * Double(count - 1)) / Double(count)
        let inner = cardWidth - 20
        let cards = certificate.parties.map { party in
            [
                CertificateText(text: party.role.uppercased(), face: .bold, size: 7, color: Self.gray),
                CertificateText(text: party.name, face: .bold, size: 11, color: Self.navy),
                CertificateText(text: party.contact ?? "", size: 8.5),
            ]
        }
        let height = (cards.map { $0.reduce(0) { $0 + $1.height(width: inner, on: measure) + 3 } }.max() ?? 0) + 18
        return Block(height: height + 8) { cr, y in
            for (i, card) in cards.enumerated() {
                let left = Self.margin + Double(i) * (cardWidth + gap)
                Self.fill(cr, x: left, y: y + 4, width: cardWidth, height: height, color: Self.stripe)
                Self.fill(cr, x: left, y: y + 4, width: 3, height: height, color: Self.navy)
                var top = y + 13
                for text in card { top += text.draw(x: left + 12, y: top, width: inner, on: cr) + 3 }
            }
        }
    }

    private func tableHeader(measure: OpaquePointer) -> Block {
        let texts = Self.columns.map { CertificateText(text: $0.title, face: .bold, size: Self.cellSize, color: (1, 1, 1)) }
        let height = zip(texts, Self.columns).map { $0.height(width: Self.cellWidth($1.width), on: measure) }.max()! + 2 * Self.cellPadding
        return Block(height: height, isRow: false) { cr, y in
            Self.fill(cr, x: Self.margin, y: y, width: Self.contentWidth, height: height, color: Self.navy)
            var x = Self.margin
            for (text, column) in zip(texts, Self.columns) {
                text.draw(x: x + Self.cellPadding, y: y + Self.cellPadding, width: Self.cellWidth(column.width), on: cr)
                x += column.width * Self.contentWidth
            }
        }
    }

    private func row(_ event: CompletionCertificate.Event, striped: Bool, measure: OpaquePointer) -> Block {
        let values = [
            Self.time(event.at).replacingOccurrences(of: " ", with: "\n"), event.actor, event.channel, event.ip ?? "–",
            event.userAgent ?? "–", event.what,
        ]
        let texts = values.map { CertificateText(text: Self.clipped($0), size: Self.cellSize) }
        let height =
            zip(texts, Self.columns).map { $0.height(width: Self.cellWidth($1.width), on: measure) }.max()! + 2 * Self.cellPadding
        return Block(height: height, isRow: true) { cr, y in
            if striped { Self.fill(cr, x: Self.margin, y: y, width: Self.contentWidth, height: height, color: Self.stripe) }
            var x = Self.margin
            for (text, column) in zip(texts, Self.columns) {
                text.draw(x: x + Self.cellPadding, y: y + Self.cellPadding, width: Self.cellWidth(column.width), on: cr)
                x += column.width * Self.contentWidth
            }
            Self.line(cr, y: y + height, from: Self.margin, to: Self.margin + Self.contentWidth, color: Self.rule)
        }
    }

    // MARK: - Page furniture

    /// The first page's band; answers where the flow starts.
    private func drawBand(_ cr: OpaquePointer) -> Double {
        Self.fill(cr, x: 0, y: 0, width: Self.pageWidth, height: Self.bandHeight, color: Self.navy)
        CertificateText(text: "Certificate of completion", face: .bold, size: 21, color: (1, 1, 1))
            .draw(x: Self.margin, y: 26, width: Self.contentWidth, on: cr)
        CertificateText(
            text: "Signet · the record of a finished document, its parties, its events and its integrity values",
            size: 8.5, color: (0.78, 0.83, 0.92)
        )
        .draw(x: Self.margin, y: 56, width: Self.contentWidth, on: cr)
        return Self.bandHeight + 22
    }

    private func drawRunningHead(_ cr: OpaquePointer) -> Double {
        CertificateText(
            text: "Certificate of completion · \(certificate.documentTitle) (continued)", face: .bold, size: 8, color: Self.navy
        )
        .draw(x: Self.margin, y: Self.margin, width: Self.contentWidth, on: cr)
        Self.line(cr, y: Self.margin + 16, from: Self.margin, to: Self.margin + Self.contentWidth, color: Self.rule)
        return Self.margin + 26
    }

    private func drawFooter(_ cr: OpaquePointer, page: Int, of total: Int) {
        let y = Self.pageHeight - Self.margin - 8
        Self.line(cr, y: y - 6, from: Self.margin, to: Self.margin + Self.contentWidth, color: Self.rule)
        CertificateText(text: "Signet certificate of completion · document \(certificate.interaction)", size: 7, color: Self.gray)
            .draw(x: Self.margin, y: y, width: Self.contentWidth - 80, on: cr)
        let pageText = CertificateText(text: "Page \(page) of \(total)", size: 7, color: Self.gray)
        pageText.draw(x: Self.margin + Self.contentWidth - 60, y: y, width: 60, on: cr)
    }

    // MARK: - Helpers

    static func cellWidth(_ share: Double) -> Double { share * contentWidth - 2 * cellPadding }

    /// A cell's text, cut so that no single row can outgrow a page (a user agent header can
    /// be kilobytes long); the record keeps the whole value.
    static func clipped(_ text: String, limit: Int = 400) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count - limit) more characters in the record)"
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    static func fill(_ cr: OpaquePointer, x: Double, y: Double, width: Double, height: Double, color: (Double, Double, Double)) {
        cairo_set_source_rgb(cr, color.0, color.1, color.2)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    static func line(_ cr: OpaquePointer, y: Double, from x0: Double, to x1: Double, color: (Double, Double, Double)) {
        cairo_set_source_rgb(cr, color.0, color.1, color.2)
        cairo_set_line_width(cr, 0.6)
        cairo_move_to(cr, x0, y)
        cairo_line_to(cr, x1, y)
        cairo_stroke(cr)
    }
}
