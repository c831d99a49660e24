import SignetModel

/// Rules that decide whether a document is taken on at all, applied the same way by every job.
enum EnginePolicy {
    /// Refuses documents with too many pages or no pages.
    static func admit(_ structure: QPDFStructure, file: String, limits: EngineLimits) throws {
        guard structure.pageCount > 0 else {
            throw SignetError(.damaged, "\(file) has no pages")
        }
        guard structure.pageCount <= limits.maxPages else {
            throw SignetError(.tooManyPages, "\(file) has \(structure.pageCount) pages; the limit is \(limits.maxPages)")
        }
    }

    /// Refuses to fill a form that only exists as XFA: nothing on its pages could take a value.
    static func admitForStamping(_ structure: QPDFStructure, file: String) throws {
        if structure.xfaOnly {
            throw SignetError(.xfaOnly, "\(file) is an XFA-only form: its pages carry no fields Signet can fill; export it as a static PDF first")
        }
    }
}
