/// Bounds on each isolated worker process.
public struct WorkerLimits: Sendable, Hashable {
    /// Wall-clock time one job may take before its worker is killed.
    public var timeoutSeconds: Double
    /// Address-space limit of a worker, in MiB (applied with `setrlimit(RLIMIT_AS)` in the worker).
    public var memoryMB: Int
    /// How many workers run at once.
    public var workers: Int

    /// Creates limits. The defaults suit a 2-core machine with little memory to spare.
    public init(timeoutSeconds: Double = 30, memoryMB: Int = 1024, workers: Int = 2) {
        self.timeoutSeconds = timeoutSeconds
        self.memoryMB = memoryMB
        self.workers = max(1, workers)
    }
}
