import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetFiles
import SignetStore

/// Honours `Idempotency-Key` on every POST: a replay with the same method, path and body gets
/// the first answer (with `Idempotency-Replayed: true`); the same key with another request is
/// refused (422); a replay while the first is still running gets 409.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let keys: IdempotencyKeys

    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotency-Replayed")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header] else { return try await next(request, context) }
        guard !key.isEmpty, key.count <= 200 else {
            throw Problem(.badRequest, "bad-idempotency-key", "Idempotency-Key must be 1 to 200 characters")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let hash = FileDigest.sha256(Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Array(buffer: body))
        let principal = Self.principal(context)
        switch try keys.claim(principal: principal, key: key, requestHash: hash) {
        case .replay(let answer):
            var headers: HTTPFields = [Self.replayed: "true"]
            if let type = answer.contentType { headers[.contentType] = type }
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        case .mismatch:
            throw Problem(
                .unprocessableContent, "idempotency-key-reused", "This Idempotency-Key was used for a different request",
                detail: "use a new key for a new request")
        case .inProgress:
            throw Problem(.conflict, "idempotency-in-progress", "The first request with this Idempotency-Key is still being answered")
        case .fresh:
            let response: Response
            do {
                response = try await next(request, context)
            } catch {
                // Errors become problems further out; remember them as the client will see them.
                let problem = Problem.from(error)
                let answer = try problem?.response(from: request, context: context)
                try await record(answer, principal: principal, key: key)
                throw error
            }
            return try await record(response, principal: principal, key: key) ?? response
        }
    }

    /// Buffers the (small, JSON) response, stores it, and answers an equivalent response.
    @discardableResult
    private func record(_ response: Response?, principal: String, key: String) async throws -> Response? {
        guard var response else {
            try keys.record(principal: principal, key: key, answer: .init(status: 500, contentType: nil, body: Data()))
            return nil
        }
        let collector = Collector()
        try await response.body.write(CollectingWriter(collector: collector))
        let bytes = collector.buffer
        try keys.record(
            principal: principal, key: key,
            answer: .init(status: response.status.code, contentType: response.headers[.contentType], body: Data(buffer: bytes)))
        response.body = .init(byteBuffer: bytes)
        return response
    }

    /// Keys belong to whoever sent them: an account, a customer's session, or an address.
    static func principal(_ context: AppContext) -> String {
        switch context.caller {
        case .user(let user, _, _): return "user:\(user.id)"
        case .customer(let session, _): return "customer:\(session.id)"
        case nil: return "anonymous:\(context.remoteAddress?.ipAddress ?? "?")"
        }
    }
}

/// Where a buffered response body accumulates; used by one request at a time.
private final class Collector: @unchecked Sendable {
    var buffer = ByteBuffer()
}

private struct CollectingWriter: ResponseBodyWriter {
    let collector: Collector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collector.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
