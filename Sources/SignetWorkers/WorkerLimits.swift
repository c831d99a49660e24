/// Bounds on each isolated worker process.
package struct WorkerLimits: Sendable, Hashable {
    /// Wall-clock time one job may take before its worker is killed.
    package var timeoutSeconds: Double
    /// Address-space limit of a worker, in MiB (applied with `setrlimit(RLIMIT_AS)` in the worker).
    package var memoryMB: Int
    /// How many workers run at once.
    package var workers: Int

    /// Creates limits. The defaults suit a 2-core machine with little memory to spare.
    package init(timeoutSeconds: Double = 30, memoryMB: Int = 1024, workers: Int = 2) {
        self.timeoutSeconds = timeoutSeconds
        self.memoryMB = memoryMB
        self.workers = max(1, workers)
    }
}
