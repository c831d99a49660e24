import Foundation

/// Where an image value (an image field, or a signature or initials given as an image) may
/// take its bytes from. On the command line a path names the user's own file; over HTTP the
/// same path would have the server read its own files for a caller (keys, the database, a
/// device that never ends), so there an image must carry its bytes as a `data:` URL.
///
/// Every value that is drawn goes through `FillCheck`, which applies the policy to given
/// values and prefills alike; the engine applies it again to the values of each stamp job.
package enum ImageSources: String, Codable, Hashable, Sendable {
    /// File paths and `data:` URLs (the command line).
    case filesAllowed
    /// Only `data:` URLs of an actual PNG or JPEG (the server).
    case dataURLsOnly

    /// The largest image a `data:` URL may carry, decoded. A signature or a stamp is far
    /// smaller; the bound keeps a value from costing the server more than a request does.
    package static let maxDataURLBytes = 2 << 20

    private static let prefixes = ["data:image/png;base64,", "data:image/jpeg;base64,"]

    /// Why `value` may not be drawn under this policy, or nil. Values other than images pass.
    package func problem(with value: StampValue) -> String? {
        // The command line leaves files and data: URLs to the engine, which reads them.
        guard self == .dataURLsOnly, case .image(let source) = value, !source.isEmpty else { return nil }
        guard source.hasPrefix("data:") else {
            // Nothing about the path is looked at, so the answer is the same whether or not
            // it exists on the server.
            return "give the image itself as a data: URL (data:image/png;base64,... or data:image/jpeg;base64,...), not a file name"
        }
        return Self.dataURLProblem(source)
    }

    /// Every problem of `values` and of the prefills of `fields`, named by field id. A value
    /// for an unknown field is named by its key.
    package func problems(_ fields: [FieldDefinition], values: [String: StampValue] = [:]) -> [FieldProblem] {
        let byId = Dictionary(fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [FieldProblem] = []
        for field in fields {
            if let prefill = field.value, let reason = problem(with: prefill) {
                problems.append(FieldProblem(field, "the prefilled value: " + reason))
            }
        }
        for id in values.keys.sorted() {
            guard let reason = problem(with: values[id]!) else { continue }
            problems.append(byId[id].map { FieldProblem($0, reason) } ?? FieldProblem(field: id, label: id, reason: reason))
        }
        return problems
    }

    /// A `data:` URL must say PNG or JPEG, be base64, stay within the size bound, and decode
    /// to bytes that start like a PNG or a JPEG (whatever the URL claims).
    private static func dataURLProblem(_ source: String) -> String? {
        guard let prefix = prefixes.first(where: { source.hasPrefix($0) }) else {
            return "the data: URL must be data:image/png;base64,... or data:image/jpeg;base64,..."
        }
        let payload = source.utf8.dropFirst(prefix.utf8.count)
        // Base64 takes 4 characters for 3 bytes; refuse before decoding anything too large.
        guard payload.count <= (maxDataURLBytes + 2) / 3 * 4 else { return "the image is over \(maxDataURLBytes) bytes" }
        guard let bytes = Data(base64Encoded: Data(payload)) else { return "the data: URL is not valid base64" }
        guard bytes.count <= maxDataURLBytes else { return "the image is over \(maxDataURLBytes) bytes" }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        guard bytes.starts(with: png) || bytes.starts(with: jpeg) else { return "the data: URL does not hold a PNG or JPEG image" }
        return nil
    }
}
