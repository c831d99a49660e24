import Foundation
import SignetModel
import SignetTemplates
import SignetTrust

extension SignetServices {
    /// Seals the finished PDF at `path` (PAdES, appended as an incremental update) and keeps
    /// the sealed copy as a blob; answers its SHA-256, the id every finish records.
    /// `work` is the caller's scratch folder, which the engine's workers may write.
    func storeSealed(_ path: String, work: String) async throws -> String {
        let sealer = try sealer()
        let output = work + "/sealed-\(UUID().uuidString).pdf"
        _ = try await sealer.seal(path, to: output, durable: false)
        return try blobs.put(file: output)
    }

    /// A runner like the engine's whose stamp jobs seal the PDFs they write (batches that finish
    /// documents).
    func sealingStamps(of runner: @escaping EngineRunner) throws -> EngineRunner {
        try sealer().sealingStamps(of: runner)
    }

    private func sealer() throws -> DocumentSealer {
        let identity: SealIdentity
        do {
            identity = try sealKeys.identity().identity
        } catch {
            throw SignetError(.internal, "the seal identity cannot be loaded: \(error)")
        }
        let queue = engine
        return DocumentSealer(identity: identity, limits: limits) { job in try await queue.offload { queue.runner(job) } }
    }
}
