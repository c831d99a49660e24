import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetStore

/// The code screen's routes, which answer before the one-time code is entered: enter the code
/// (`POST /api/v1/customer/verify`) and ask for a new one (`.../verify/resend`). Both act for
/// the browser's own cookie only.
struct CustomerCodeController {
    let codes: any CustomerCodeRepository

    func register(_ group: RouterGroup<AppContext>) {
        group.post("customer/verify", use: verify)
        group.post("customer/verify/resend", use: resend)
    }

    @Sendable func verify(_ request: Request, context: AppContext) async throws -> CustomerCodeStatusView {
        let (session, cookie) = try Self.codeSession(request, context: context)
        let body = try await request.decode(as: EnteredCode.self, context: context)
        // People type codes with spaces ("123 456"); anything but six digits is no guess at all.
        let code = body.code.filter { !$0.isWhitespace }
        guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw SignetError(.invalidInput, "the code is 6 digits", field: "code")
        }
        switch try await codes.verify(cookie: cookie, session: session.id, code: code, by: context.actor(request)) {
        case .verified:
            return CustomerCodeStatusView(try await codes.status(cookie: cookie, session: session.id))
        case .wrong(let left):
            throw Problem(
                .unprocessableContent, "wrong-code", "That code is not right", detail: "\(left) \(left == 1 ? "try" : "tries") left",
                errors: [FieldProblem(field: "code", label: "Code", reason: "wrong code; \(left) \(left == 1 ? "try" : "tries") left")])
        case .voided:
            throw Problem(
                .unprocessableContent, "code-voided", "Too many wrong tries", detail: "this code no longer works; ask for a new one",
                errors: [FieldProblem(field: "code", label: "Code", reason: "too many wrong tries; ask for a new code")])
        case .expired:
            throw Problem(
                .unprocessableContent, "code-expired", "This code has expired", detail: "codes work for 10 minutes; ask for a new one",
                errors: [FieldProblem(field: "code", label: "Code", reason: "the code has expired; ask for a new one")])
        case .noCode:
            throw Problem(.conflict, "no-code", "There is no code to enter", detail: "ask for a new code")
        }
    }

    @Sendable func resend(_ request: Request, context: AppContext) async throws -> EditedResponse<CustomerCodeStatusView> {
        let (session, cookie) = try Self.codeSession(request, context: context)
        if try await codes.isVerified(cookie: cookie) {
            throw Problem(.conflict, "already-verified", "You have already entered your code")
        }
        switch try await codes.resend(session, by: context.actor(request)) {
        case .success:
            return EditedResponse(
                status: .accepted, response: CustomerCodeStatusView(try await codes.status(cookie: cookie, session: session.id)))
        case .failure(let tooSoon):
            var problem = Problem(
                .tooManyRequests, "rate-limited", "Too many new codes asked for",
                detail:
                    "at most \(CustomerCodes.resendLimit) in \(Int(CustomerCodes.resendWindow / 60)) minutes; try again in \(tooSoon.seconds) s"
            )
            problem.retryAfter = tooSoon.seconds
            throw problem
        }
    }

    /// The customer's session, if it asks for a code (else 409), and the browser's cookie.
    static func codeSession(_ request: Request, context: AppContext) throws -> (SessionRecord, cookie: String) {
        let (session, _) = try context.customerAwaitingCode()
        guard session.verification == .code else {
            throw Problem(.conflict, "no-verification", "This session needs no code")
        }
        guard let cookie = request.cookies[AuthMiddleware.customerCookie]?.value else { throw Problem.unauthorized }
        return (session, cookie)
    }
}
