import Foundation

/// A file embedded in a finished PDF (the catalog's `/Names /EmbeddedFiles`), written in the
/// same incremental update as the stamped values: Signet puts the field values there as
/// `signet-fields.json`, so a downstream system reads them without OCR.
public struct EmbeddedFile: Codable, Hashable, Sendable {
    /// The file's name, also its key in the document's list of embedded files.
    public var name: String
    /// Its media type, e.g. `application/json`.
    public var mediaType: String
    /// What a PDF reader shows beside it.
    public var description: String
    /// The bytes.
    public var contents: Data

    /// Creates an embedded file.
    public init(name: String, mediaType: String, description: String, contents: Data) {
        self.name = name
        self.mediaType = mediaType
        self.description = description
        self.contents = contents
    }
}
