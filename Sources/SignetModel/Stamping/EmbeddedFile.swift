import Foundation

/// A file embedded in a finished PDF (the catalog's `/Names /EmbeddedFiles`), written in the
/// same incremental update as the stamped values: Signet puts the field values there as
/// `signet-fields.json`, so a downstream system reads them without OCR.
package struct EmbeddedFile: Codable, Hashable, Sendable {
    /// The file's name, also its key in the document's list of embedded files.
    package var name: String
    /// Its media type, e.g. `application/json`.
    package var mediaType: String
    /// What a PDF reader shows beside it.
    package var description: String
    /// The bytes.
    package var contents: Data

    /// Creates an embedded file.
    package init(name: String, mediaType: String, description: String, contents: Data) {
        self.name = name
        self.mediaType = mediaType
        self.description = description
        self.contents = contents
    }
}
