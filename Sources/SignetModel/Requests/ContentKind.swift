/// What an uploaded file is, judged by its first bytes rather than its name or the type the
/// client claims: a phone may call a HEIC photo `scan.jpg`.
package enum ContentKind: String, Codable, Hashable, Sendable {
    case pdf, jpeg, png

    /// The media type served back.
    package var mediaType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        }
    }

    /// The usual file extension.
    package var fileExtension: String {
        switch self {
        case .pdf: return "pdf"
        case .jpeg: return "jpg"
        case .png: return "png"
        }
    }

    /// Sniffs `bytes`; nil when they are none of the accepted kinds.
    package static func sniff(_ bytes: some Collection<UInt8>) -> ContentKind? {
        let head = Array(bytes.prefix(1024))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        // Readers accept a PDF header anywhere in the first kilobyte (some files carry junk first).
        let marker: [UInt8] = Array("%PDF-".utf8)
        if head.count >= marker.count,
            (0...(head.count - marker.count)).contains(where: { head[$0..<$0 + marker.count].elementsEqual(marker) })
        {
            return .pdf
        }
        return nil
    }
}
