/// Make a preview copy: the PDF plus one incremental update in which images stored at far
/// more pixels than the widest preview can show are replaced by downscaled ones. Rendering
/// previews from the copy skips decoding those pixels; the copy is lossy, so it is only ever
/// rendered, never stamped, sealed or served as the document.
public struct PreviewCopyRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    public var path: String
    /// Where the copy is written (atomically), when any image was downscaled.
    public var output: String
    /// The widest preview, in pixels, that will be rendered from the copy.
    public var maxWidth: Int
    /// Bounds for this job.
    public var limits: EngineLimits

    /// Creates a request.
    public init(path: String, output: String, maxWidth: Int, limits: EngineLimits = .init()) {
        self.path = path
        self.output = output
        self.maxWidth = maxWidth
        self.limits = limits
    }
}

/// What the preview copy changed.
public struct PreviewCopyReport: Codable, Hashable, Sendable {
    /// The copy, or nil when no image needed downscaling (render the original).
    public var output: String?
    /// Images drawn on the pages (and in their forms and annotation appearances).
    public var images: Int
    /// Images replaced by a downscaled JPEG.
    public var replaced: Int
    /// Bytes of the replaced images' streams before and after.
    public var bytesBefore: Int
    public var bytesAfter: Int

    /// Creates a report.
    public init(output: String?, images: Int, replaced: Int, bytesBefore: Int, bytesAfter: Int) {
        self.output = output
        self.images = images
        self.replaced = replaced
        self.bytesBefore = bytesBefore
        self.bytesAfter = bytesAfter
    }
}

extension PreviewCopyRequest: EngineRequest {
    public var job: EngineJob { .previewCopy(self) }
    public static func report(in outcome: EngineOutcome) -> PreviewCopyReport? {
        if case .previewCopied(let report) = outcome { return report }
        return nil
    }
}
