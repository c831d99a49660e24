/// A request the engine performs, and the report it answers with. Every kind of engine work is
/// one request type here, in SignetModel's `Engine` folder, with its report: `EngineRunner` sends
/// it as an `EngineJob` and gives back the typed report, so no caller matches outcomes by hand.
package protocol EngineRequest: Sendable {
    /// What a successful job answers.
    associatedtype Report: Sendable
    /// The request as the job a worker receives.
    var job: EngineJob { get }
    /// The report in `outcome`, if it is this request's kind.
    static func report(in outcome: EngineOutcome) -> Report?
}

extension InspectRequest: EngineRequest {
    package var job: EngineJob { .inspect(self) }
    package static func report(in outcome: EngineOutcome) -> DocumentReport? {
        if case .inspected(let report) = outcome { return report }
        return nil
    }
}

extension RenderRequest: EngineRequest {
    package var job: EngineJob { .render(self) }
    package static func report(in outcome: EngineOutcome) -> RenderReport? {
        if case .rendered(let report) = outcome { return report }
        return nil
    }
}

extension StampRequest: EngineRequest {
    package var job: EngineJob { .stamp(self) }
    package static func report(in outcome: EngineOutcome) -> StampReport? {
        if case .stamped(let report) = outcome { return report }
        return nil
    }
}

extension TextTagRequest: EngineRequest {
    package var job: EngineJob { .textTags(self) }
    package static func report(in outcome: EngineOutcome) -> TextTagReport? {
        if case .tagsRemoved(let report) = outcome { return report }
        return nil
    }
}

extension ImageAssemblyRequest: EngineRequest {
    package var job: EngineJob { .assembleImages(self) }
    package static func report(in outcome: EngineOutcome) -> ImageAssemblyReport? {
        if case .assembled(let report) = outcome { return report }
        return nil
    }
}

extension SandboxProbeRequest: EngineRequest {
    package var job: EngineJob { .probeSandbox(self) }
    package static func report(in outcome: EngineOutcome) -> SandboxProbeReport? {
        if case .sandboxProbed(let report) = outcome { return report }
        return nil
    }
}

extension CertificateRequest: EngineRequest {
    package var job: EngineJob { .certificate(self) }
    package static func report(in outcome: EngineOutcome) -> CertificateReport? {
        if case .certified(let report) = outcome { return report }
        return nil
    }
}

extension SealPlaceholderRequest: EngineRequest {
    package var job: EngineJob { .prepareSeal(self) }
    package static func report(in outcome: EngineOutcome) -> SealPlaceholderReport? {
        if case .sealPrepared(let report) = outcome { return report }
        return nil
    }
}
