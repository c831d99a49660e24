import Foundation
import Hummingbird
import NIOCore

/// Decodes JSON request bodies of at most `limit` bytes. Routes that take files read their
/// bodies themselves, with their own limits; JSON never needs more than a signature image.
/// The body must be declared `application/json`: a cross-site form can send `text/plain`
/// without a preflight, never JSON, so no page elsewhere can post to a JSON route.
struct JSONBodyDecoder: RequestDecoder {
    static let limit = 2 << 20

    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        guard Self.isJSON(request.headers[.contentType]) else {
            throw Problem(
                .unsupportedMediaType, "not-json", "The request body must be JSON", detail: "send it with Content-Type: application/json")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.limit)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "too-large", "The request body is too large", detail: "send at most 2 MiB of JSON")
        }
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// Whether a Content-Type names JSON: `application/json`, parameters such as the charset allowed.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let mediaType = contentType?.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first else {
            return false
        }
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }
}
