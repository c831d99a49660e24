import Crypto
import SwiftASN1
import X509

/// The digest a seal signs: SHA-256, the only one PAdES baseline seals here use.
/// (Placeholder that the seal work replaces; it exists so the module and its packages build.)
enum SealDigest {
    static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}
