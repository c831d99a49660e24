import Foundation
import SignetModel
import SignetTemplates
import SignetTrust

extension SignetServices {
    /// Seals the finished PDF at `path` (PAdES, appended as an incremental update) and keeps
    /// the sealed copy as a blob; answers its SHA-256, the id every finish records. Finished
    /// documents and certificates of completion both go through here: nothing is appended to a
    /// file after its seal. `work` is the caller's scratch folder, which the engine's workers
    /// may write.
    func storeSealed(_ path: String, work: String) async throws -> String {
        let output = work + "/sealed-\(UUID().uuidString).pdf"
        _ = try await sealer().seal(path, to: output, durable: false)
        return try blobs.put(file: output)
    }

    /// A runner like `runner` whose stamp jobs seal the PDFs they write (finished documents,
    /// one by one or in batches).
    func sealingStamps(of runner: EngineRunner) throws -> EngineRunner {
        try sealer().sealingStamps(of: runner)
    }

    /// The seal certificate as a certificate of completion names it.
    func sealDescription() throws -> CompletionCertificate.Seal {
        let identity = try sealIdentity()
        return CompletionCertificate.Seal(subject: identity.subject, fingerprint: identity.fingerprint)
    }

    private func sealer() throws -> DocumentSealer {
        DocumentSealer(identity: try sealIdentity(), timeStamper: configuration.timeStamper, limits: limits, engine: engine)
    }

    private func sealIdentity() throws -> SealIdentity {
        do {
            return try sealKeys.identity().identity
        } catch {
            throw SignetError(.internal, "the seal identity cannot be loaded: \(error)")
        }
    }
}
