import SignetModel

/// Small documents for field-model tests: pages described as `inspect` would report them.
enum TestDocument {
    /// A document of `count` A4 pages (595.28 x 841.89 pt), optionally with words.
    static func a4(pages count: Int = 2, words: [[Word]] = []) -> DocumentReport {
        let geometries = (0..<count).map { _ in PageGeometry(mediaBox: PDFBox(0, 0, 595.28, 841.89)) }
        return report(geometries, words: words)
    }

    /// A document with the given page geometries (rotations, crop boxes).
    static func report(_ geometries: [PageGeometry], words: [[Word]] = []) -> DocumentReport {
        let pages = geometries.enumerated().map { i, g in
            PageReport(number: i + 1, geometry: g, label: nil, hasText: true, words: i < words.count ? words[i] : [])
        }
        return DocumentReport(
            pdfVersion: "1.7", fileSize: 1, pageCount: pages.count, pages: pages, metadata: [:],
            flags: DocumentFlags(
                encrypted: false, needsPassword: false, xfa: false, xfaOnly: false, javascript: false, signed: false, tagged: false,
                repaired: false),
            formFields: [], signatures: [], outlineCount: 0, linkCount: 0, warnings: [])
    }
}

extension FieldDefinition {
    /// A field at a rectangle in points on page 1.
    static func at(_ id: String, _ kind: FieldKind, role: FieldRole = .customer, required: Bool = false, page: Int = 1) -> FieldDefinition {
        FieldDefinition(
            id: id, kind: kind, role: role, required: required, page: page, rect: MeasuredRect(x: 72, y: 100, width: 200, height: 20))
    }
}

extension Array where Element == FieldProblem {
    /// The reasons given for one field.
    func reasons(_ id: String) -> [String] { filter { $0.field == id }.map(\.reason) }
}
