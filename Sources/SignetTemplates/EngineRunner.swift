import SignetModel

/// Runs one PDF job and answers with its outcome. The command line and the server pass an
/// isolated worker pool's `run`; tests may run the engine in-process. Template code never
/// touches a PDF library itself.
public typealias EngineRunner = @Sendable (EngineJob) -> EngineOutcome

extension EngineOutcome {
    /// The inspection report, or the job's error.
    public func inspected() throws -> DocumentReport {
        switch self {
        case .inspected(let report): return report
        case .failed(let error): throw error
        default: throw SignetError(.internal, "the engine answered an inspect job with something else")
        }
    }

    /// The render report, or the job's error.
    public func rendered() throws -> RenderReport {
        switch self {
        case .rendered(let report): return report
        case .failed(let error): throw error
        default: throw SignetError(.internal, "the engine answered a render job with something else")
        }
    }

    /// The stamp report, or the job's error.
    public func stamped() throws -> StampReport {
        switch self {
        case .stamped(let report): return report
        case .failed(let error): throw error
        default: throw SignetError(.internal, "the engine answered a stamp job with something else")
        }
    }

    /// The text tag report, or the job's error.
    public func tagsRemoved() throws -> TextTagReport {
        switch self {
        case .tagsRemoved(let report): return report
        case .failed(let error): throw error
        default: throw SignetError(.internal, "the engine answered a text tag job with something else")
        }
    }

    /// The image assembly report, or the job's error.
    public func assembled() throws -> ImageAssemblyReport {
        switch self {
        case .assembled(let report): return report
        case .failed(let error): throw error
        default: throw SignetError(.internal, "the engine answered an assemble images job with something else")
        }
    }

    /// The prepared seal, or the job's error.
    public func sealPrepared() throws -> SealPlaceholderReport {
        switch self {
        case .sealPrepared(let report): return report
        case .failed(let error): throw error
        default: throw SignetError(.internal, "the engine answered a prepare seal job with something else")
        }
    }
}
