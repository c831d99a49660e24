import CSignetQPDF
import Foundation
import SignetModel

/// A document's structure as libqpdf reads it: page boxes and rotation, metadata, AcroForm
/// fields, signatures and flags. Poppler cannot report page rotation or raw form structure,
/// and qpdf parses lazily, so this is also the cheap way to learn page geometry for stamping.
struct QPDFStructure: Decodable {
    struct Page: Decodable, QPDFPageBoxes {
        var mediaBox: PDFBox
        var cropBox: PDFBox
        var rotate: Int
        var userUnit: Double?
        var label: String?
    }

    struct Widget: Decodable {
        var page: Int?
        var rect: PDFBox
        var onState: String?
    }

    struct Field: Decodable {
        var name: String
        var type: String
        var flags: Int?
        var readOnly: Bool?
        var required: Bool?
        var multiline: Bool?
        var value: String?
        var options: [String]?
        var maxLength: Int?
        var widgets: [Widget]
    }

    struct Signature: Decodable {
        var name: String
        var signed: Bool
        var page: Int?
    }

    var version: String
    var encrypted: Bool
    var repaired: Bool
    var warnings: [String]
    var pageCount: Int
    var pages: [Page]
    var info: [String: String]
    var xfa: Bool
    var xfaOnly: Bool
    var javascript: Bool
    var tagged: Bool
    var outlineCount: Int
    var linkCount: Int
    var signatures: [Signature]
    var fields: [Field]

    /// Reads the structure of `path`.
    static func read(path: String, password: String?) throws -> QPDFStructure {
        let json = try QPDFCall.run { signet_qpdf_inspect(path, password) }
        do {
            return try JSONDecoder().decode(QPDFStructure.self, from: json)
        } catch {
            throw SignetError(.internal, "unexpected structure report from qpdf: \(error)")
        }
    }
}

/// A page as the shim reports it: its boxes and `/Rotate`, which become a `PageGeometry` here
/// and nowhere else.
protocol QPDFPageBoxes {
    var mediaBox: PDFBox { get }
    var cropBox: PDFBox { get }
    var rotate: Int { get }
}

extension QPDFPageBoxes {
    var geometry: PageGeometry { PageGeometry(mediaBox: mediaBox, cropBox: cropBox, rotation: rotate) }
}

/// Calls into the shim and turns its `{"ok": false, ...}` answers into `SignetError`s.
enum QPDFCall {
    private struct Failure: Decodable {
        var ok: Bool
        var error: String?
        var message: String?
    }

    /// Runs `body`, frees the returned string, and returns its JSON bytes when `ok` is true.
    static func run(_ body: () -> UnsafeMutablePointer<CChar>?) throws -> Data {
        guard let raw = body() else { throw SignetError(.internal, "qpdf shim returned nothing") }
        defer { signet_qpdf_free(raw) }
        let data = Data(bytes: raw, count: strlen(raw))
        let status = try? JSONDecoder().decode(Failure.self, from: data)
        guard let status, status.ok else {
            let code = status?.error.flatMap(map) ?? .internal
            throw SignetError(code, status?.message ?? "qpdf failed")
        }
        return data
    }

    private static func map(_ code: String) -> SignetError.Code {
        switch code {
        case "notPDF": return .notPDF
        case "encrypted": return .encrypted
        case "damaged": return .damaged
        case "badPlan": return .invalidInput
        case "memoryLimit": return .memoryLimit
        case "tooLarge": return .tooLarge
        default: return .internal
        }
    }
}
