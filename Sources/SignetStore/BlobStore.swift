import Foundation
import SignetFiles
import SignetModel

/// Files kept by their content: a blob's name is its SHA-256, under `<root>/ab/cdef...`.
/// Writes are atomic (temporary file, fsync, rename), so a blob is whole or absent, and
/// storing the same bytes twice keeps one copy.
package struct BlobStore: Sendable {
    /// The folder holding the blobs.
    package let root: String

    /// Creates a store under `root`.
    package init(root: String) { self.root = root }

    /// Stores `bytes`; answers their SHA-256.
    package func put(_ bytes: [UInt8]) throws -> String {
        let hash = FileDigest.sha256(bytes)
        let target = path(for: hash)
        guard !FileManager.default.fileExists(atPath: target) else { return hash }
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: target)
        return hash
    }

    /// Stores a copy of the file at `source`; answers its SHA-256.
    package func put(file source: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: source) else { throw SignetError(.io, "cannot read \(source)") }
        return try put(Array(data))
    }

    /// Where the blob `hash` lives, or nil when it is not stored (or the name is not a digest).
    package func file(_ hash: String) -> String? {
        guard Self.isDigest(hash) else { return nil }
        let target = path(for: hash)
        return FileManager.default.fileExists(atPath: target) ? target : nil
    }

    static func isDigest(_ s: String) -> Bool { s.count == 64 && s.allSatisfy { $0.isHexDigit && !$0.isUppercase } }

    private func path(for hash: String) -> String { "\(root)/\(hash.prefix(2))/\(hash.dropFirst(2))" }
}
