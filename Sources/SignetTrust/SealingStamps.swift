import Foundation
import SignetModel

extension DocumentSealer {
    /// An engine runner that seals every PDF a stamp job of `engine` writes, before it answers
    /// (see `stamp(_:)`: the stamp job appends the placeholder, this process signs). Batches and
    /// finishes use it: they record each PDF's SHA-256 once the engine has answered, so that is
    /// the sealed file's.
    package func sealingStamps(of engine: EngineRunner) -> EngineRunner {
        EngineRunner { job, cpu in
            let placed = engine.placed(on: cpu)
            guard case .stamp(let request) = job else { return await placed.outcome(of: job) }
            do {
                let sealer = DocumentSealer(identity: identity, timeStamper: timeStamper, limits: limits, engine: placed)
                return .stamped(try await sealer.stamp(request).report)
            } catch let error as SignetError {
                return .failed(error)
            } catch {
                return .failed(SignetError(.internal, "sealing \(request.output) failed: \(error)"))
            }
        }
    }
}
