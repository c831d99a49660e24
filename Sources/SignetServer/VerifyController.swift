import Foundation
import Hummingbird
import SignetStore
import SignetTrust

/// `POST /api/v1/verify`: anyone holding a PDF may ask whether it is a document this service
/// finished, untouched. The body is the PDF (bounded; 413 past it); the answer is the verdict,
/// each seal's checks and, when intact, the session and interaction it was finished in. No
/// login, so it is limited per client address like the other anonymous routes, and its work
/// (our own parser over untrusted bytes, one SHA-256 pass per seal) runs off the cooperative
/// threads.
struct VerifyController {
    let interactions: Interactions
    let limiter: AttemptLimiter
    let perAddress: Int
    let maxBytes: Int
    /// SHA-256 (hex) of the certificates this service seals with.
    let sealCertificates: Set<String>

    init(services: SignetServices, limiter: AttemptLimiter) {
        interactions = services.interactions
        self.limiter = limiter
        perAddress = services.configuration.verificationsPerAddress
        maxBytes = services.configuration.maxVerifyBytes
        // Retired seal certificates (configured) and the one sealing now.
        let current = (try? services.sealKeys.identity().identity.certificateSHA256).map { Set([$0]) } ?? []
        sealCertificates = services.configuration.sealCertificateDigests.union(current)
    }

    func register(_ group: RouterGroup<AppContext>) {
        group.post("verify", use: verify)
    }

    @Sendable func verify(_ request: Request, context: AppContext) async throws -> VerificationView {
        let address = AttemptLimiter.Key(name: "verify:" + AttemptLimiter.client(context.remoteAddress), limit: perAddress)
        if let wait = await limiter.reserve([address]) {
            throw AuthController.tooMany("Too many verifications", wait: wait)
        }
        let bytes = try await FileBody.read(request, limit: maxBytes)
        let interactions = interactions
        let sealCertificates = sealCertificates
        // The seals are checked off the cooperative threads (hashing and signature checks of up
        // to the size limit); the record is looked up after.
        let examination = try await offload { SealVerifier.examine(bytes) }
        let record: RecordLookup =
            try await interactions.finishedDocument(sha256: examination.sha256).map {
                .found(RecordedDocument(session: $0.sessionId, interaction: $0.interactionId, finishedAt: $0.finishedAt))
            } ?? .notFound
        return VerificationView(Verification.judge(examination, record: record, sealCertificates: sealCertificates))
    }
}

/// The verification as the API answers it.
struct VerificationView: ResponseEncodable {
    var verdict: String
    var reason: String
    var seals: [SealCheck]
    var document: RecordedDocument?
    var sha256: String

    init(_ verification: Verification) {
        verdict = verification.verdict.rawValue
        reason = verification.reason
        seals = verification.seals
        document = verification.document
        sha256 = verification.sha256
    }
}
