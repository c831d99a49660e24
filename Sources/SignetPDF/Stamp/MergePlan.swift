import SignetModel

/// What the qpdf shim needs to merge an overlay into the original: which overlay page goes on
/// which original page with which matrix, and which AcroForm fields our stamp replaces.
struct MergePlan: Encodable {
    struct PagePlacement: Encodable {
        var page: Int
        /// Which overlay of the session (see `StampSession.addOverlay`).
        var source: Int
        var overlayPage: Int
        var matrix: [Double]
    }

    var mode: MergeMode
    var pages: [PagePlacement]
    var removeFields: [String]
}
