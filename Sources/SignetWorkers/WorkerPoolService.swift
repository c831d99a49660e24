import ServiceLifecycle

/// The pool's part in a service group (`signet serve`): it stops the idle workers when the group
/// shuts down gracefully. Registered before the HTTP server, it is stopped after it (a group
/// stops its services in reverse order), so requests still running finish their PDF work first.
package struct WorkerPoolService: Service {
    let pool: WorkerPool

    /// The service of `pool`.
    package init(_ pool: WorkerPool) {
        self.pool = pool
    }

    package func run() async throws {
        // Cancellation (a group that ends without a graceful shutdown) stops the workers too.
        try? await gracefulShutdown()
        pool.shutdown()
    }
}
