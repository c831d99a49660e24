import NIOPosix

/// Runs CPU-bound work (a bcrypt hash, a customer's values checked against an agent's field
/// patterns, fields laid out on a document) off Swift's cooperative threads, which serve every
/// HTTP request: work that holds one of them would stall every other request, `/health`
/// included. The one place server code leaves the cooperative pool: NIO's shared thread pool,
/// one thread per core like the work it runs. PDF work needs no offloading: the engine is
/// asynchronous (`EngineRunner`, `WorkerPool.run`).
package func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(work)
}
