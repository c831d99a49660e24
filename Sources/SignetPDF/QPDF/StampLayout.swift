import Foundation
import SignetModel

/// What stamping needs to know about a document, read by libqpdf without walking it whole:
/// the page count, a few flags, and the geometry and form widgets of the pages being stamped.
struct StampLayout: Decodable {
    struct Widget: Decodable {
        var name: String
        var type: String
        var rect: PDFBox
    }

    struct Page: Decodable, QPDFPageBoxes {
        var mediaBox: PDFBox
        var cropBox: PDFBox
        var rotate: Int
        var widgets: [Widget]
    }

    var pageCount: Int
    var encrypted: Bool
    var repaired: Bool
    var xfaOnly: Bool
    var signedSignatures: [String]
    /// Keyed by 1-based page number.
    var pages: [Int: Page]

    private enum Keys: String, CodingKey { case pageCount, encrypted, repaired, xfaOnly, signedSignatures, pages }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        pageCount = try c.decode(Int.self, forKey: .pageCount)
        encrypted = try c.decode(Bool.self, forKey: .encrypted)
        repaired = try c.decode(Bool.self, forKey: .repaired)
        xfaOnly = try c.decode(Bool.self, forKey: .xfaOnly)
        signedSignatures = try c.decode([String].self, forKey: .signedSignatures)
        let byName = try c.decode([String: Page].self, forKey: .pages)
        pages = Dictionary(uniqueKeysWithValues: byName.compactMap { key, page in Int(key).map { ($0, page) } })
    }
}
