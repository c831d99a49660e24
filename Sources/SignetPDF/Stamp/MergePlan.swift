import Foundation
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

    /// A file to embed. Its bytes go to the session as they are (`StampSession.addAttachment`),
    /// not through this JSON: as hex they were twice their size to write, scan and decode again.
    struct Attachment: Encodable {
        var name: String
        var mediaType: String
        var description: String
        /// Which file of the session.
        var source: Int

        init(_ file: EmbeddedFile, source: Int) {
            name = file.name
            mediaType = file.mediaType
            description = file.description
            self.source = source
        }
    }

    var mode: MergeMode
    var pages: [PagePlacement]
    var removeFields: [String]
    var attachments: [Attachment] = []
    /// The seal's placeholder, appended in the same write by the incremental path.
    var seal: SealPlaceholderSpec?
}
