import Dispatch

/// Runs blocking or CPU-bound work on Dispatch's global threads and awaits its result. Swift's
/// cooperative threads (one per core) serve every HTTP request: work that holds one of them (a
/// PDF job waiting on its worker process, a customer's values checked against an agent's field
/// patterns) would stall every other request, `/health` included.
package func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
    }
}
