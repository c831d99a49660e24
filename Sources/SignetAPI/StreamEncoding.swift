import Foundation

extension JSONEncoder {
    /// Compact JSON with ISO dates, for the payloads of Server-Sent Events.
    package static var stream: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
