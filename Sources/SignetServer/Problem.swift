import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore

/// An RFC 9457 problem: every error a client sees, as `application/problem+json`, with a
/// per-field `errors` list where fields are involved. Internal errors never reach a client
/// with their details; they are logged and answered with an opaque 500.
struct Problem: HTTPResponseError, Encodable {
    var status: HTTPResponse.Status
    var type: String
    var title: String
    var detail: String?
    var errors: [FieldProblem]?
    /// Seconds until a rate-limited client may try again.
    var retryAfter: Int?

    private enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(status.code, forKey: .status)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeIfPresent(errors, forKey: .errors)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(self))))
    }

    init(_ status: HTTPResponse.Status, _ type: String, _ title: String, detail: String? = nil, errors: [FieldProblem]? = nil) {
        self.status = status
        self.type = "https://signet.example/problems/\(type)"
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    static let unauthorized = Problem(
        .unauthorized, "unauthorized", "Sign in first", detail: "this route needs a login cookie or a bearer token")
    static let forbidden = Problem(.forbidden, "forbidden", "Not allowed", detail: "your account may not do this")
    static let notFound = Problem(.notFound, "not-found", "Not found")
    static let notPDF = Problem(
        .unsupportedMediaType, "not-pdf", "The file is not a PDF", detail: "its content does not start like a PDF")
    static let verificationRequired = Problem(
        .forbidden, "verificationRequired", "Enter your one-time code first",
        detail: "POST the code sent to you to /api/v1/customer/verify")

    /// The problem for any error thrown by a route.
    static func from(_ error: Error) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let problems as FieldProblems:
            return Problem(
                .unprocessableContent, "invalid-fields", "Some fields are missing or invalid",
                detail: "\(problems.problems.count) problem(s) at \(problems.stage)", errors: problems.problems)
        case let error as SignetError:
            switch error.code {
            case .invalidInput:
                let errors = error.field.map { [FieldProblem(field: $0, label: $0, reason: error.message)] }
                return Problem(.badRequest, "invalid-input", "The request is not valid", detail: error.message, errors: errors)
            case .conflict:
                return Problem(.conflict, "conflict", "The request conflicts with the current state", detail: error.message)
            case .notFound:
                return Problem(.notFound, "not-found", "Not found", detail: error.message)
            case .upstream:
                return Problem(.badGateway, "upstream", "A provider did not confirm the outcome", detail: error.message)
            case .notPDF, .damaged, .encrypted, .tooLarge, .tooManyPages, .xfaOnly:
                return Problem(.unprocessableContent, error.code.rawValue, "The document is refused", detail: error.message)
            case .timeLimit, .memoryLimit, .workerCrashed:
                return Problem(.serviceUnavailable, error.code.rawValue, "The document could not be processed", detail: error.message)
            case .io, .internal:
                return nil
            }
        case let refused as TooManyAttempts:
            var problem = Problem(.tooManyRequests, "rate-limited", refused.title, detail: "try again in \(refused.wait) s")
            problem.retryAfter = refused.wait
            return problem
        case let refused as CustomerSessions.ReminderRefusal:
            switch refused {
            case .closed(let state):
                return Problem(
                    .conflict, "session-closed", "The session is \(state.rawValue)", detail: "only an open session's customer is reminded")
            case .nothingPending:
                return Problem(
                    .conflict, "nothing-pending", "Nothing waits for the customer", detail: "every interaction sent is done or not sent yet"
                )
            case .tooSoon(let wait):
                var problem = Problem(
                    .tooManyRequests, "reminded-recently", "The customer was reminded recently", detail: "try again in \(wait) s")
                problem.retryAfter = wait
                return problem
            }
        case let refused as TooManyStreams:
            return Problem(
                .tooManyRequests, "too-many-streams", "Too many live streams",
                detail: "at most \(refused.cap) streams may be open at once per \(refused.holder); close one first")
        case let refused as UploadQuota.Exceeded:
            return Problem(.contentTooLarge, "upload-quota", "The upload quota is used up", detail: refused.reason)
        case let error as DecodingError:
            return Problem(.badRequest, "bad-json", "The request body is not the expected JSON", detail: JSONDetail.describe(error))
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, "too-large", "The request body is too large", detail: "send at most 24 MiB")
        case let error as HTTPError:
            // Hummingbird reports undecodable bodies as 400, and requests to no route as 404.
            let type = error.status == .notFound ? "no-route" : error.status == .badRequest ? "bad-request" : "http"
            return Problem(error.status, type, error.status.reasonPhrase, detail: error.body)
        default:
            return nil
        }
    }
}

/// Maps every error to a problem at the edge, once. Unknown errors are logged with the request
/// id and answered with an opaque 500, never with a stack trace.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let problem = Problem.from(error) { return try problem.response(from: request, context: context) }
            context.logger.error("internal error: \(String(reflecting: error))")
            return try Problem(.internalServerError, "internal", "Something went wrong on our side", detail: "request \(context.id)")
                .response(from: request, context: context)
        }
    }
}
