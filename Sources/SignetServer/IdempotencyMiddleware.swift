import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetFiles
import SignetStore

/// Honours `Idempotency-Key` on the authenticated POSTs of the API routes it is added to: a
/// replay with the same method, path and body gets the first answer (with
/// `Idempotency-Replayed: true`); the same key with another request is refused (422); a
/// replay while the first is still running gets 409.
///
/// It runs only on routed paths (it is a group middleware, so an unknown path is a 404
/// first) and only for a known caller: an anonymous request is passed on untouched, never
/// buffered or written down. An answer that carries a credential (a cookie, a `no-store`
/// answer, a token field) or is larger than the store keeps is withheld: its replay gets 409.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let keys: any IdempotencyRepository

    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotency-Replayed")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header], let caller = context.caller else {
            return try await next(request, context)
        }
        guard !key.isEmpty, key.count <= 200 else {
            throw Problem(.badRequest, "bad-idempotency-key", "Idempotency-Key must be 1 to 200 characters")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let hash = FileDigest.sha256(Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Array(buffer: body))
        let principal = Self.principal(caller)
        switch try await keys.claim(principal: principal, key: key, requestHash: hash) {
        case .replay(let answer):
            var headers: HTTPFields = [Self.replayed: "true"]
            if let type = answer.contentType { headers[.contentType] = type }
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        case .withheld(let reason):
            throw Problem(
                .conflict, "idempotency-answer-withheld", "The answer to this Idempotency-Key was not kept",
                detail: "\(reason); the request was done once: use a new key to do it again")
        case .mismatch:
            throw Problem(
                .unprocessableContent, "idempotency-key-reused", "This Idempotency-Key was used for a different request",
                detail: "use a new key for a new request")
        case .inProgress:
            throw Problem(.conflict, "idempotency-in-progress", "The first request with this Idempotency-Key is still being answered")
        case .exhausted:
            throw Problem(
                .tooManyRequests, "idempotency-keys-exhausted", "Too many Idempotency-Keys",
                detail: "at most \(keys.maxKeysPerPrincipal) keys are kept per caller for a day; send without a key or later")
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

    /// Buffers the (small, JSON) response and stores it, unless it must not be kept; answers
    /// an equivalent response. A server error releases the key, so the client may retry.
    @discardableResult
    private func record(_ response: Response?, principal: String, key: String) async throws -> Response? {
        guard var response, response.status.code < 500 else {
            let status = response?.status.code ?? 500
            try await keys.record(principal: principal, key: key, answer: .init(status: status, contentType: nil, body: Data()))
            return response
        }
        let status = response.status.code
        if let reason = Self.withheldReason(headers: response.headers) {
            try await keys.withhold(principal: principal, key: key, status: status, reason: reason)
            return response
        }
        // A streamed or large answer is passed on as it is, never held in memory to be kept.
        guard let length = response.body.contentLength, length <= keys.maxBodyBytes else {
            try await keys.withhold(
                principal: principal, key: key, status: status, reason: "the answer was larger than \(keys.maxBodyBytes / 1024) KiB")
            return response
        }
        let collector = Collector()
        try await response.body.write(CollectingWriter(collector: collector))
        let bytes = collector.buffer
        response.body = .init(byteBuffer: bytes)
        let data = Data(buffer: bytes)
        if Self.carriesToken(data) {
            try await keys.withhold(principal: principal, key: key, status: status, reason: Self.credentialReason)
        } else {
            try await keys.record(
                principal: principal, key: key, answer: .init(status: status, contentType: response.headers[.contentType], body: data))
        }
        return response
    }

    static let credentialReason = "the answer carried a credential"

    /// Answers that set a cookie or must not be stored anywhere carry credentials.
    static func withheldReason(headers: HTTPFields) -> String? {
        if headers[.setCookie] != nil { return credentialReason }
        if let cache = headers[.cacheControl], cache.lowercased().contains("no-store") { return credentialReason }
        return nil
    }

    /// A JSON answer with a top-level `token` (or `…Token`) field hands out a credential; a
    /// second guard for routes that forgot to say `no-store`.
    static func carriesToken(_ body: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return false }
        return object.keys.contains { $0 == "token" || $0.hasSuffix("Token") }
    }

    /// Keys belong to whoever sent them: an account or a customer's session.
    static func principal(_ caller: Caller) -> String {
        switch caller {
        case .user(let user, _, _): return "user:\(user.id)"
        case .customer(let session, _): return "customer:\(session.id)"
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
