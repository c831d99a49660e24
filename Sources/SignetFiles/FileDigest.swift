import Crypto
import Foundation
import SignetModel

/// SHA-256 digests of files and bytes, written as lowercase hex: the identity of a template
/// version, of a stored blob, of a finished document.
public enum FileDigest {
    /// The digest of `bytes`.
    public static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of a file, read in chunks so large files do not sit in memory.
    public static func sha256(file path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SignetError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
