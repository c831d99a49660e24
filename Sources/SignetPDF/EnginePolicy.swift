import SignetModel

/// Rules that decide whether a document is taken on at all, applied the same way by every job.
enum EnginePolicy {
    /// Refuses documents with no pages or too many, and (for stamping) XFA-only forms, whose
    /// pages carry nothing a value could be drawn into.
    static func admit(pageCount: Int, xfaOnly: Bool, forStamping: Bool, file: String, limits: EngineLimits) throws {
        guard pageCount > 0 else {
            throw SignetError(.damaged, "\(file) has no pages")
        }
        guard pageCount <= limits.maxPages else {
            throw SignetError(.tooManyPages, "\(file) has \(pageCount) pages; the limit is \(limits.maxPages)")
        }
        if forStamping && xfaOnly {
            throw SignetError(
                .xfaOnly, "\(file) is an XFA-only form: its pages carry no fields Signet can fill; export it as a static PDF first")
        }
    }
}
