import SignetModel

/// What the calling process sends a worker.
package struct WorkerRequest: Codable, Sendable {
    /// The job to perform.
    package var job: EngineJob
    /// The CPU to perform it on: the one the caller's thread is pinned to (see `CPUAffinity`),
    /// or nil to run anywhere.
    package var cpu: Int?
    /// Whether the stamp job's fields were left out, being the ones of the last stamp the worker
    /// received whole (see `WorkerRequest+StampFields.swift`).
    package var sameFields: Bool

    /// Creates a request.
    package init(job: EngineJob, cpu: Int? = nil, sameFields: Bool = false) {
        self.job = job
        self.cpu = cpu
        self.sameFields = sameFields
    }
}

/// What a worker answers for one job.
package struct WorkerResponse: Codable, Sendable {
    /// The job's result or classified error.
    package var outcome: EngineOutcome
    /// The worker process's peak resident memory so far, in KiB.
    package var peakResidentKB: Int
    /// Time the job took inside the worker, in milliseconds.
    package var milliseconds: Double

    /// Creates a response.
    package init(outcome: EngineOutcome, peakResidentKB: Int, milliseconds: Double) {
        self.outcome = outcome
        self.peakResidentKB = peakResidentKB
        self.milliseconds = milliseconds
    }
}
