import Foundation

/// Writes tiny hand-made PDFs for cases no sample covers (an XFA-only form, many pages).
enum MinimalPDF {
    /// A PDF with `pages` empty A4 pages; `catalogExtra` is spliced into the catalog and
    /// `extraObjects` (numbered from 3 + pages) are appended.
    static func write(to path: String, pages: Int = 1, catalogExtra: String = "", extraObjects: [String] = []) throws {
        var objects = ["<< /Type /Catalog /Pages 2 0 R \(catalogExtra) >>"]
        let kids = (0..<pages).map { "\(3 + $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>")
        for _ in 0..<pages { objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>") }
        objects += extraObjects
        var out = "%PDF-1.7\n"
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        try out.write(toFile: path, atomically: true, encoding: .ascii)
    }
}
