import Dispatch
import SignetModel
import SignetTemplates

/// Runs PDF work off Swift's cooperative threads. The engine runner blocks while an isolated
/// worker process does the job; blocking one of the few cooperative threads would stall every
/// other request, so the work goes to Dispatch's global threads instead (`offload`).
public struct EngineQueue: Sendable {
    /// The runner: the worker pool in `signet serve`, the in-process engine in tests.
    public let runner: EngineRunner

    /// Creates a queue over `runner`.
    public init(_ runner: @escaping EngineRunner) { self.runner = runner }

    /// Runs `work` (which may call `runner`) on a Dispatch thread and awaits its result.
    package func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await SignetSessions.offload(work)
    }
}
