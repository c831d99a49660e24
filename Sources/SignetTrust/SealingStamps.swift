import Dispatch
import Foundation
import SignetFiles
import SignetModel

extension DocumentSealer {
    /// An engine runner that seals, in place, every PDF a stamp job of `engine` writes, before
    /// it answers. Batches use it: their rows run on their own threads, synchronously, and
    /// record each PDF's SHA-256 once the engine has answered, so that is the sealed file's.
    public func sealingStamps(of engine: @escaping @Sendable (EngineJob) -> EngineOutcome)
        -> @Sendable (EngineJob) -> EngineOutcome
    {
        { job in
            let outcome = engine(job)
            guard case .stamp(let request) = job, case .stamped(let report) = outcome else { return outcome }
            do {
                try Self.waiting { try await self.sealInPlace(report.output, durable: request.durable) }
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

    /// Runs `work` and waits for it on this (non-cooperative) thread: the bridge from a batch
    /// row's synchronous engine call to the asynchronous seal (a time-stamp is a network call).
    static func waiting(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        Task {
            do { try await work() } catch { result.error = error }
            done.signal()
        }
        done.wait()
        if let error = result.error { throw error }
    }
}

/// The error of a waited-for task, written before its semaphore is signalled and read after.
private final class ResultBox: @unchecked Sendable {
    var error: (any Error)?
}
