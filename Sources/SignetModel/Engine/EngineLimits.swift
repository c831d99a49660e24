/// Bounds that keep one document from taking the machine down. The defaults fit a 2-core,
/// small-memory machine; every one is configurable from the command line and environment.
package struct EngineLimits: Codable, Hashable, Sendable {
    /// Largest input file accepted, in bytes.
    package var maxFileBytes: Int
    /// Most pages a document may have.
    package var maxPages: Int
    /// Most pixels one rendered page may have; larger requests are scaled down to fit.
    package var maxPixelsPerPage: Int

    /// Creates limits.
    package init(
        maxFileBytes: Int = 200 * 1024 * 1024, maxPages: Int = 5000,
        maxPixelsPerPage: Int = 40_000_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxPages = maxPages
        self.maxPixelsPerPage = maxPixelsPerPage
    }
}
