/// Make a preview copy: the PDF plus one incremental update in which images stored at far
/// more pixels than the widest preview can show are replaced by downscaled ones. Rendering
/// previews from the copy skips decoding those pixels; the copy is lossy, so it is only ever
/// rendered, never stamped, sealed or served as the document.
package struct PreviewCopyRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    package var path: String
    /// Where the copy is written (atomically), when any image was downscaled.
    package var output: String
    /// The widest preview, in pixels, that will be rendered from the copy.
    package var maxWidth: Int
    /// Bounds for this job.
    package var limits: EngineLimits

    /// Creates a request.
    package init(path: String, output: String, maxWidth: Int, limits: EngineLimits = .init()) {
        self.path = path
        self.output = output
        self.maxWidth = maxWidth
        self.limits = limits
    }
}

/// What the preview copy changed.
package struct PreviewCopyReport: Codable, Hashable, Sendable {
    /// The copy, or nil when no image needed downscaling (render the original).
    package var output: String?
    /// Images drawn on the pages (and in their forms and annotation appearances).
    package var images: Int
    /// Images replaced by a downscaled JPEG.
    package var replaced: Int
    /// Bytes of the replaced images' streams before and after.
    package var bytesBefore: Int
    package var bytesAfter: Int

    /// Creates a report.
    package init(output: String?, images: Int, replaced: Int, bytesBefore: Int, bytesAfter: Int) {
        self.output = output
        self.images = images
        self.replaced = replaced
        self.bytesBefore = bytesBefore
        self.bytesAfter = bytesAfter
    }
}

extension PreviewCopyRequest: EngineRequest {
    package var job: EngineJob { .previewCopy(self) }
    package static func report(in outcome: EngineOutcome) -> PreviewCopyReport? {
        if case .previewCopied(let report) = outcome { return report }
        return nil
    }
}
