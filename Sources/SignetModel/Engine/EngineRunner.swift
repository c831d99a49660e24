/// Runs PDF work: hands a request to the engine and answers its typed report. The command line
/// and the server run the engine in isolated worker processes (`WorkerPool.engine`); tests may
/// run it in-process. Template and server code never touch a PDF library themselves.
package struct EngineRunner: Sendable {
    /// Performs one job, on `cpu` when the caller keeps its jobs apart (see `placed(on:)`).
    package typealias Perform = @Sendable (_ job: EngineJob, _ cpu: Int?) async -> EngineOutcome

    private let perform: Perform
    private let cpu: Int?

    /// A runner over `perform`.
    package init(_ perform: @escaping Perform) {
        self.perform = perform
        cpu = nil
    }

    private init(_ perform: @escaping Perform, cpu: Int?) {
        self.perform = perform
        self.cpu = cpu
    }

    /// The same runner with its jobs performed on `cpu` (nil: anywhere). A batch gives each of
    /// its job slots a CPU of its own, so a slot's exchanges with its worker stay on one CPU; a
    /// runner that cannot place its jobs (the in-process engine) ignores it.
    package func placed(on cpu: Int?) -> EngineRunner {
        EngineRunner(perform, cpu: cpu)
    }

    /// Performs `job` and answers its outcome, a failure included.
    package func outcome(of job: EngineJob) async -> EngineOutcome {
        await perform(job, cpu)
    }

    /// Performs `request` and answers its report, or throws the job's error.
    package func callAsFunction<Request: EngineRequest>(_ request: Request) async throws -> Request.Report {
        let outcome = await outcome(of: request.job)
        if case .failed(let error) = outcome { throw error }
        guard let report = Request.report(in: outcome) else {
            throw SignetError(.internal, "the engine answered a \(request.job.name) job with something else")
        }
        return report
    }
}
