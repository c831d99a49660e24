import Foundation
import SignetModel

/// The PDF engine's single entry point: performs one job in this process and classifies every
/// failure. It runs inside an isolated worker process; callers use `SignetWorkers` to reach it.
package enum Engine {
    /// Performs `job`, never throwing: failures come back as `.failed` with a stable code.
    package static func perform(_ job: EngineJob) -> EngineOutcome {
        do {
            switch job {
            case .inspect(let request):
                return .inspected(try Inspector(request: request).report())
            case .render(let request):
                return .rendered(try render(request))
            case .stamp(let request):
                return .stamped(try Stamper(request: request).stamp())
            case .textTags(let request):
                return .tagsRemoved(try TextTagRemoval(request: request).run())
            case .assembleImages(let request):
                return .assembled(try ImageAssembler(request: request).run())
            case .certificate(let request):
                return .certified(try CertificateRenderer(certificate: request.certificate).write(to: request.output))
            case .prepareSeal(let request):
                return .sealPrepared(try SealPlaceholderWriter(request: request).run())
            case .previewCopy(let request):
                return .previewCopied(try PreviewCopier(request: request).run())
            case .probeSandbox:
                // The worker loop answers it: only the worker knows how it is confined.
                throw SignetError(.internal, "a sandbox probe is answered by a worker process, not the engine")
            }
        } catch let error as SignetError {
            return .failed(error)
        } catch {
            return .failed(SignetError(.internal, "\(job.name) failed: \(error)"))
        }
    }

    private static func render(_ request: RenderRequest) throws -> RenderReport {
        let bytes = try FileBytes(path: request.path, limits: request.limits)
        let document = try PopplerDocumentHandle(bytes: bytes, password: request.password, file: request.path)
        try EnginePolicy.admit(
            pageCount: document.pageCount, xfaOnly: false, forStamping: false, file: request.path, limits: request.limits)
        let pages = try request.pages.pages(of: document.pageCount)
        let toSingleFile = request.output.lowercased().hasSuffix(".png")
        guard !toSingleFile || pages.count == 1 else {
            throw SignetError(
                .invalidInput, "\(pages.count) pages selected but the output \(request.output) is one PNG file; give a directory")
        }
        if !toSingleFile {
            try FileManager.default.createDirectory(atPath: request.output, withIntermediateDirectories: true)
        }
        let renderer = PageRenderer(document: document, limits: request.limits)
        var rendered: [RenderedPage] = []
        var warnings: [Warning] = []
        for page in pages {
            let path = toSingleFile ? request.output : "\(request.output)/page-\(page).png"
            let (result, warning) = try renderer.render(page: page, scale: request.scale, to: path)
            rendered.append(result)
            if let warning { warnings.append(warning) }
        }
        return RenderReport(pages: rendered, warnings: warnings)
    }
}
