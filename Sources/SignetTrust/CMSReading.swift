import Crypto
import SwiftASN1

/// Why a CMS object (a seal's SignedData, a time-stamp token or a TSA's answer) was refused:
/// one sentence a person can act on, never a parser's internals.
package struct CMSProblem: Error, CustomStringConvertible, Sendable {
    package let description: String

    init(_ description: String) { self.description = description }
}

/// The object identifiers seals and time-stamps use (RFC 5652, RFC 5035, RFC 3161).
enum CMSIdentifier {
    static let data: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 1]
    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 2]
    static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 16, 1, 4]
    static let contentType: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 3]
    static let messageDigest: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 4]
    static let signingCertificateV2: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 16, 2, 47]
    static let signatureTimeStampToken: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 16, 2, 14]
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha384: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 2]
    static let sha512: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 3]
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 1]
    static let sha256WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 11]
    static let sha384WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 12]
    static let sha512WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 13]
    static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
    static let ecdsaWithSHA384: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 3]
    static let ecdsaWithSHA512: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 4]
}

/// The digests a CMS signer may name; anything else is refused.
enum CMSDigest {
    case sha256, sha384, sha512

    init(_ algorithm: ASN1ObjectIdentifier) throws {
        switch algorithm {
        case CMSIdentifier.sha256: self = .sha256
        case CMSIdentifier.sha384: self = .sha384
        case CMSIdentifier.sha512: self = .sha512
        default: throw CMSProblem("the digest algorithm \(algorithm) is not supported")
        }
    }

    /// The digest of `parts`, hashed in order as one message.
    func hash(_ parts: [ArraySlice<UInt8>]) -> [UInt8] {
        switch self {
        case .sha256: return Self.run(SHA256(), parts)
        case .sha384: return Self.run(SHA384(), parts)
        case .sha512: return Self.run(SHA512(), parts)
        }
    }

    private static func run<H: HashFunction>(_ start: H, _ parts: [ArraySlice<UInt8>]) -> [UInt8] {
        var hasher = start
        for part in parts { part.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return Array(hasher.finalize())
    }
}

/// Small, strict readers over swift-asn1's parse tree: each names what it expected, so a
/// malformed object is refused with a reason rather than a crash (the tree is bounded by
/// swift-asn1's own depth limit and by the size of the bytes it was parsed from).
extension ASN1Node {
    /// The children of a constructed node with identifier `identifier`.
    func children(_ identifier: ASN1Identifier, _ what: String) throws -> [ASN1Node] {
        guard self.identifier == identifier, case .constructed(let nodes) = content else {
            throw CMSProblem("\(what) is malformed")
        }
        return Array(nodes)
    }

    /// The content bytes of a primitive node with identifier `identifier`.
    func primitive(_ identifier: ASN1Identifier, _ what: String) throws -> ArraySlice<UInt8> {
        guard self.identifier == identifier, case .primitive(let bytes) = content else {
            throw CMSProblem("\(what) is malformed")
        }
        return bytes
    }

    func objectIdentifier(_ what: String) throws -> ASN1ObjectIdentifier {
        do { return try ASN1ObjectIdentifier(derEncoded: self) } catch { throw CMSProblem("\(what) is malformed") }
    }

    /// The algorithm of an AlgorithmIdentifier (its parameters are not used here).
    func algorithm(_ what: String) throws -> ASN1ObjectIdentifier {
        let parts = try children(.sequence, what)
        guard let first = parts.first else { throw CMSProblem("\(what) is malformed") }
        return try first.objectIdentifier(what)
    }

    static func tag(_ number: UInt) -> ASN1Identifier { ASN1Identifier(tagWithNumber: number, tagClass: .contextSpecific) }
}

/// `bytes` parsed as exactly one DER object.
func parseDER(_ bytes: ArraySlice<UInt8>, _ what: String) throws -> ASN1Node {
    do { return try DER.parse(bytes) } catch { throw CMSProblem("\(what) is not one well-formed DER object") }
}

/// The length of the DER object at the start of `bytes` (header and content), from its
/// header alone; nil when the header is not DER or claims more bytes than there are.
func derObjectLength(_ bytes: ArraySlice<UInt8>) -> Int? {
    var index = bytes.startIndex
    guard index < bytes.endIndex, bytes[index] & 0x1f != 0x1f else { return nil }  // no multi-byte tags here
    index += 1
    guard index < bytes.endIndex else { return nil }
    let first = bytes[index]
    index += 1
    var length = 0
    if first < 0x80 {
        length = Int(first)
    } else {
        let count = Int(first & 0x7f)
        guard (1...4).contains(count), index + count <= bytes.endIndex else { return nil }
        for byte in bytes[index..<index + count] { length = length << 8 | Int(byte) }
        index += count
    }
    let total = index - bytes.startIndex + length
    return total <= bytes.count ? total : nil
}
