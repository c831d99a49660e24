import Foundation

/// PDFs written by hand, for font and operator cases Cairo never produces.
enum HandMadePDF {
    /// A one-page PDF: `content` as the page's content stream, `resources` spliced into its
    /// resource dictionary, `objects` numbered from 5.
    static func write(to path: String, content: String, resources: String, objects: [String]) throws {
        try write(
            to: path,
            objects: [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << \(resources) >> /Contents 4 0 R >>",
                stream(content),
            ] + objects)
    }

    /// A PDF of `objects`, numbered from 1 (the first is the catalog).
    static func write(to path: String, objects: [String]) throws {
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
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A stream object holding `data`, with `entries` added to its dictionary.
    static func stream(_ data: String, _ entries: String = "") -> String {
        "<< \(entries) /Length \(data.utf8.count) >>\nstream\n\(data)\nendstream"
    }
}
