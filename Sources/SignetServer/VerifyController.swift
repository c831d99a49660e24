import Foundation
import Hummingbird
import SignetAPI
import SignetSessions
import SignetTrust

/// `POST /api/v1/verify`: anyone holding a PDF may ask whether it is a document this service
/// finished, untouched (`DocumentVerification`). The body is the PDF (bounded; 413 past it);
/// the answer is the verdict, each seal's checks and, when intact, the session and interaction
/// it was finished in. No login, so it is limited per client address like the other anonymous
/// routes.
struct VerifyController {
    let verification: DocumentVerification
    let limiter: AttemptLimiter
    let perAddress: Int
    let maxBytes: Int

    init(services: SignetServices, limiter: AttemptLimiter) {
        verification = DocumentVerification(services: services)
        self.limiter = limiter
        perAddress = services.configuration.verificationsPerAddress
        maxBytes = services.configuration.maxVerifyBytes
    }

    func register(_ group: RouterGroup<AppContext>) {
        group.post("verify", use: verify)
    }

    @Sendable func verify(_ request: Request, context: AppContext) async throws -> VerificationView {
        let address = AttemptLimiter.Key(name: "verify:" + AttemptLimiter.client(context.remoteAddress), limit: perAddress)
        if let wait = try await limiter.reserve([address]) {
            throw TooManyAttempts(title: "Too many verifications", wait: wait)
        }
        let bytes = try await FileBody.read(request, limit: maxBytes)
        return VerificationView(try await verification.verify(bytes))
    }
}
