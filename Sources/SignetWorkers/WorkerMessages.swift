import SignetModel

/// What the calling process sends a worker.
public struct WorkerRequest: Codable, Sendable {
    /// The job to perform.
    public var job: EngineJob
    /// The CPU to perform it on: the one the caller's thread is pinned to (see `CPUAffinity`),
    /// or nil to run anywhere.
    public var cpu: Int?

    /// Creates a request.
    public init(job: EngineJob, cpu: Int? = nil) {
        self.job = job
        self.cpu = cpu
    }
}

/// What a worker answers for one job.
public struct WorkerResponse: Codable, Sendable {
    /// The job's result or classified error.
    public var outcome: EngineOutcome
    /// The worker process's peak resident memory so far, in KiB.
    public var peakResidentKB: Int
    /// Time the job took inside the worker, in milliseconds.
    public var milliseconds: Double

    /// Creates a response.
    public init(outcome: EngineOutcome, peakResidentKB: Int, milliseconds: Double) {
        self.outcome = outcome
        self.peakResidentKB = peakResidentKB
        self.milliseconds = milliseconds
    }
}
