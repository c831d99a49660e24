import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// The seal's private key: ECDSA P-256 or RSA (PKCS#1 v1.5), both with SHA-256.
package enum SealSigningKey: Sendable {
    case p256(P256.Signing.PrivateKey)
    case rsa(_RSA.Signing.PrivateKey)

    /// Reads a PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY").
    package init(pem: String) throws {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            self = .p256(key)
        } else if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            self = .rsa(key)
        } else {
            throw SealKeyError("the seal key is neither an ECDSA P-256 nor an RSA (2048 bits or more) private key in PEM")
        }
    }

    /// Reads an unencrypted PKCS#8 PrivateKeyInfo (as a PKCS#12 key bag holds it).
    init(pkcs8 der: [UInt8]) throws {
        let pem = PEMDocument(type: "PRIVATE KEY", derBytes: der).pemString
        try self.init(pem: pem)
    }

    /// The key's public half, as certificates name it.
    package var publicKey: Certificate.PublicKey {
        switch self {
        case .p256(let key): return Certificate.PublicKey(key.publicKey)
        case .rsa(let key): return Certificate.PublicKey(key.publicKey)
        }
    }

    /// The key as PKCS#8 PEM, to keep a development key on disk.
    var pemRepresentation: String {
        switch self {
        case .p256(let key): return key.pemRepresentation
        case .rsa(let key): return key.pemRepresentation
        }
    }

    /// The CMS signatureAlgorithm: ecdsa-with-SHA256 or sha256WithRSAEncryption.
    var signatureAlgorithm: ASN1ObjectIdentifier {
        switch self {
        case .p256: return CMSObjectIdentifiers.ecdsaWithSHA256
        case .rsa: return CMSObjectIdentifiers.sha256WithRSAEncryption
        }
    }

    var isRSA: Bool {
        if case .rsa = self { return true }
        return false
    }

    /// Signs `bytes` (hashed with SHA-256 here): a DER ECDSA-Sig-Value or an RSA signature block.
    func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        switch self {
        case .p256(let key): return Array(try key.signature(for: bytes).derRepresentation)
        case .rsa(let key): return Array(try key.signature(for: bytes, padding: .insecurePKCS1v1_5).rawRepresentation)
        }
    }
}

/// A seal key or certificate that cannot be used, with the reason in words.
package struct SealKeyError: Error, CustomStringConvertible, Sendable {
    package let description: String
    package init(_ description: String) { self.description = description }
}
