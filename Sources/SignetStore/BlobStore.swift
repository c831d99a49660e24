import Foundation
import SignetFiles
import SignetModel

/// Files kept by their content, named by their SHA-256: uploads, prepared and finished PDFs.
/// The use cases hold this protocol, so a store other than a folder (an S3-compatible bucket,
/// with a local cache that `file` answers from) can stand in for `FolderBlobStore`. Every
/// instance of a deployment must see the same blobs.
package protocol BlobStore: Sendable {
    /// Stores `bytes`; answers their SHA-256. Storing the same bytes twice keeps one copy.
    func put(_ bytes: [UInt8]) throws -> String
    /// Stores a copy of the file at `source`; answers its SHA-256.
    func put(file source: String) throws -> String
    /// A local file holding the blob `hash`, or nil when it is not stored (or the name is not
    /// a digest).
    func file(_ hash: String) -> String?
}

/// Blobs in a folder (the data folder's `blobs/`, shared by every instance): a blob lives at
/// `<root>/ab/cdef...`. Writes are atomic (temporary file, fsync, rename), so a blob is whole
/// or absent.
package struct FolderBlobStore: BlobStore {
    /// The folder holding the blobs.
    package let root: String

    /// Creates a store under `root`.
    package init(root: String) { self.root = root }

    package func put(_ bytes: [UInt8]) throws -> String {
        let hash = FileDigest.sha256(bytes)
        let target = path(for: hash)
        guard !FileManager.default.fileExists(atPath: target) else { return hash }
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: target)
        return hash
    }

    package func put(file source: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: source) else { throw SignetError(.io, "cannot read \(source)") }
        return try put(Array(data))
    }

    package func file(_ hash: String) -> String? {
        guard Self.isDigest(hash) else { return nil }
        let target = path(for: hash)
        return FileManager.default.fileExists(atPath: target) ? target : nil
    }

    static func isDigest(_ s: String) -> Bool { s.count == 64 && s.allSatisfy { $0.isHexDigit && !$0.isUppercase } }

    private func path(for hash: String) -> String { "\(root)/\(hash.prefix(2))/\(hash.dropFirst(2))" }
}
