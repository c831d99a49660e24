import Foundation
import SignetFiles
import SignetModel

extension DocumentSealer {
    /// An engine runner that seals, in place, every PDF a stamp job of `engine` writes, before
    /// it answers. Batches use it: they record each PDF's SHA-256 once the engine has answered,
    /// so that is the sealed file's.
    public func sealingStamps(of engine: EngineRunner) -> EngineRunner {
        EngineRunner { job, cpu in
            let outcome = await engine.placed(on: cpu).outcome(of: job)
            guard case .stamp(let request) = job, case .stamped(let report) = outcome else { return outcome }
            do {
                _ = try await self.sealInPlace(report.output, durable: request.durable)
                return outcome
            } catch let error as SignetError {
                return .failed(error)
            } catch {
                return .failed(SignetError(.internal, "sealing \(report.output) failed: \(error)"))
            }
        }
    }

    /// Seals the PDF at `path` and puts the sealed file in its place (the unsealed one is
    /// never visible under another name, and a failure leaves it as it was).
    public func sealInPlace(_ path: String, reason: String = "Sealed by Signet", durable: Bool = true) async throws -> Seal {
        let sealed = AtomicFile.temporaryPath(for: path)
        defer { unlink(sealed) }
        var seal = try await self.seal(path, to: sealed, reason: reason, durable: durable)
        guard rename(sealed, path) == 0 else {
            throw SignetError(.io, "cannot move the sealed PDF to \(path): \(String(cString: strerror(errno)))")
        }
        seal.output = path
        return seal
    }
}
