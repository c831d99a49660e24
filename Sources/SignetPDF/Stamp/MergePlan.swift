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

    /// A file to embed; its bytes travel as hex (the shim's JSON parser has no base64).
    struct Attachment: Encodable {
        var name: String
        var mediaType: String
        var description: String
        var hex: String

        init(_ file: EmbeddedFile) {
            name = file.name
            mediaType = file.mediaType
            description = file.description
            let digits = Array("0123456789abcdef".utf8)
            // Over the raw bytes: Data's own iterator costs a call per byte.
            hex = String(unsafeUninitializedCapacity: file.contents.count * 2) { buffer in
                file.contents.withUnsafeBytes { bytes in
                    for (i, byte) in bytes.enumerated() {
                        buffer[2 * i] = digits[Int(byte >> 4)]
                        buffer[2 * i + 1] = digits[Int(byte & 0x0F)]
                    }
                }
                return file.contents.count * 2
            }
        }
    }

    var mode: MergeMode
    var pages: [PagePlacement]
    var removeFields: [String]
    var attachments: [Attachment] = []
    /// The seal's placeholder, appended in the same write by the incremental path.
    var seal: SealPlaceholderSpec?
}
