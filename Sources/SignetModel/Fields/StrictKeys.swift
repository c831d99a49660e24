/// Refuses keys a decoder does not know. JSON decoding normally ignores them, which turns a
/// typo such as `"requried": true` into a silently optional field; definitions are written by
/// hand, so a misspelt key must be an error that names it.
enum StrictKeys {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func check(_ decoder: Decoder, allowed: [String], what: String) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "unknown key\(unknown.count > 1 ? "s" : "") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) in \(what); known keys: \(allowed.sorted().joined(separator: ", "))"
                ))
        }
    }
}
