/// Assemble uploaded images (PNG or JPEG) into one PDF, one image per page, in order.
package struct ImageAssemblyRequest: Codable, Hashable, Sendable {
    /// Input image files, in page order.
    package var images: [String]
    /// Output PDF path (written atomically).
    package var output: String
    /// Whether the output is flushed to disk (fsync) before it is moved into place. Either way
    /// it appears whole or not at all; durability also survives a power cut.
    package var durable: Bool
    /// Bounds for this job: the images together count as its input file, each image as a page.
    package var limits: EngineLimits

    /// Creates a request.
    package init(images: [String], output: String, durable: Bool = true, limits: EngineLimits = .init()) {
        self.images = images
        self.output = output
        self.durable = durable
        self.limits = limits
    }
}

/// The PDF that was assembled.
package struct ImageAssemblyReport: Codable, Hashable, Sendable {
    /// The finished PDF.
    package var output: String
    /// Number of pages, one per image.
    package var pages: Int

    /// Creates a report.
    package init(output: String, pages: Int) {
        self.output = output
        self.pages = pages
    }
}
