import Foundation
import Hummingbird
import NIOCore

/// Decodes JSON request bodies of at most `limit` bytes. Routes that take files read their
/// bodies themselves, with their own limits; JSON never needs more than a signature image.
struct JSONBodyDecoder: RequestDecoder {
    static let limit = 2 << 20

    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.limit)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "too-large", "The request body is too large", detail: "send at most 2 MiB of JSON")
        }
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}
