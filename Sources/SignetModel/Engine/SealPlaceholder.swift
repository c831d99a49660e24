/// Prepare a seal (the engine's half of sealing): write a copy of the PDF plus one incremental
/// update holding an invisible approval signature whose `/Contents` is a zero-filled gap of
/// fixed size and whose `/ByteRange` already covers every other byte. The process that holds
/// the seal key then hashes the byte range and writes the CMS into the gap; the key never
/// enters a worker.
package struct SealPlaceholderRequest: Codable, Hashable, Sendable {
    /// Input PDF (a finished document; encrypted, damaged or DocMDP P=1 files are refused).
    package var path: String
    /// Output PDF path (written atomically).
    package var output: String
    /// The signing time for `/M`, as a PDF date (`D:20260101120000Z`).
    package var signingTime: String
    /// `/Reason`, shown by viewers.
    package var reason: String
    /// Size of the `/Contents` gap in bytes of DER (twice as many hex digits).
    package var contentsBytes: Int
    /// Whether the output is flushed to disk (fsync) before it is moved into place.
    package var durable: Bool
    /// Bounds for this job.
    package var limits: EngineLimits

    /// Creates a request.
    package init(
        path: String, output: String, signingTime: String, reason: String, contentsBytes: Int = 16_384,
        durable: Bool = true, limits: EngineLimits = .init()
    ) {
        self.path = path
        self.output = output
        self.signingTime = signingTime
        self.reason = reason
        self.contentsBytes = contentsBytes
        self.durable = durable
        self.limits = limits
    }
}

/// A seal's placeholder that a stamp job adds to its own incremental update (see
/// `StampRequest.seal`): the stamp job has the parsed document and every offset at hand, so a
/// freshly stamped file is written once and never parsed again to be sealed.
package struct SealPlaceholderSpec: Codable, Hashable, Sendable {
    /// The signing time for `/M`, as a PDF date (`D:20260101120000Z`).
    package var signingTime: String
    /// `/Reason`, shown by viewers.
    package var reason: String
    /// Size of the `/Contents` gap in bytes of DER (twice as many hex digits).
    package var contentsBytes: Int

    /// Creates a placeholder description.
    package init(signingTime: String, reason: String, contentsBytes: Int = 16_384) {
        self.signingTime = signingTime
        self.reason = reason
        self.contentsBytes = contentsBytes
    }
}

/// Where the prepared seal's gap is.
package struct SealPlaceholderReport: Codable, Hashable, Sendable {
    /// The prepared PDF.
    package var output: String
    /// The new signature field's name (`Seal1`, `Seal2`, ...).
    package var field: String
    /// `[0, a, b, size - b]`: the signed bytes are `0..<a` and `b..<size`; `a..<b` is `<...>`.
    package var byteRange: [Int]
    /// The prepared file's size in bytes.
    package var size: Int

    /// Creates a report.
    package init(output: String, field: String, byteRange: [Int], size: Int) {
        self.output = output
        self.field = field
        self.byteRange = byteRange
        self.size = size
    }
}
