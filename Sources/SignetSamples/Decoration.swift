import CSignetAuthoring
import Foundation
import SignetModel

/// Structure Cairo cannot write, added with libqpdf: page rotation, crop boxes, document info
/// and AcroForm fields. Rectangles are given under the coordinate contract and converted to
/// user space here, through `PageGeometry`, like everything else.
struct Decoration: Encodable {
    struct PageChange: Encodable {
        var page: Int
        var rotate: Int?
        var cropBox: [Double]?
    }

    struct Widget: Encodable {
        var page: Int
        var rect: [Double]
        var onState: String
    }

    struct FormField: Encodable {
        var name: String
        var type: String
        var page: Int?
        var rect: [Double]?
        var widgets: [Widget]?
        var value: String?
        var options: [String]?
        var required: Bool?
        var checked: Bool?
        var onState: String?
        var tooltip: String?
    }

    var pages: [PageChange] = []
    var info: [String: String] = [:]
    var fields: [FormField] = []

    /// Converts a contract rectangle on an unrotated page of the sketch to a `/Rect` array.
    static func userRect(_ rect: Rect, on geometry: PageGeometry) -> [Double] {
        let b = geometry.userBox(fromDisplayed: rect)
        return [b.x0, b.y0, b.x1, b.y1]
    }

    /// Writes `input` plus this decoration to `output`.
    func apply(input: String, output: String) throws {
        let spec = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        guard let raw = signet_qpdf_decorate(input, spec, output) else {
            throw SignetError(.internal, "qpdf decorate returned nothing")
        }
        defer { signet_qpdf_authoring_free(raw) }
        struct Answer: Decodable { var ok: Bool; var message: String? }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(bytes: raw, count: strlen(raw)))
        guard answer.ok else { throw SignetError(.internal, "decorating \(output) failed: \(answer.message ?? "")") }
    }
}
