import Foundation
import SignetStore
import SignetTrust

/// Whether a PDF is a document this service finished, untouched: its seals are checked (our
/// own parser over untrusted bytes, one SHA-256 pass per seal, off the cooperative threads),
/// then the record is asked for a finished document with its SHA-256, and `Verification`
/// judges the two together.
package struct DocumentVerification: Sendable {
    let interactions: SessionInteractions
    /// SHA-256 (hex) of the certificates this service seals with.
    let sealCertificates: Set<String>

    package init(services: SignetServices) {
        interactions = services.interactions
        // Retired seal certificates (configured) and the one sealing now.
        let current = (try? services.sealKeys.identity().identity.certificateSHA256).map { Set([$0]) } ?? []
        sealCertificates = services.configuration.sealCertificateDigests.union(current)
    }

    /// The verdict on `bytes`, each seal's checks and, when intact, where it was finished.
    package func verify(_ bytes: [UInt8]) async throws -> Verification {
        let examination = try await offload { SealVerifier.examine(bytes) }
        let record: RecordLookup =
            try await interactions.finishedDocument(sha256: examination.sha256).map {
                .found(RecordedDocument(session: $0.sessionId, interaction: $0.interactionId, finishedAt: $0.finishedAt))
            } ?? .notFound
        return Verification.judge(examination, record: record, sealCertificates: sealCertificates)
    }
}
