import Crypto
import Foundation
import SwiftASN1
import X509

/// Who seals: the private key and its certificate chain (the seal certificate first, then
/// the certificates that issued it). Checked once when loaded, so a key that does not match
/// its certificate, or a certificate that may not sign documents, fails at start-up rather
/// than at the first finish.
package struct SealIdentity: Sendable {
    /// The private key.
    package let key: SealSigningKey
    /// The seal certificate followed by the rest of the chain.
    package let chain: [Certificate]
    /// The DER of each certificate of `chain`, as embedded in every seal.
    let chainDER: [[UInt8]]

    /// Pairs `key` with the certificates given (in any order): the one whose public key is the
    /// key's becomes the seal certificate and must allow digital signatures and
    /// non-repudiation (pyHanko and Acrobat check both for a document seal).
    package init(key: SealSigningKey, certificates: [Certificate]) throws {
        guard !certificates.isEmpty else { throw SealKeyError("the seal certificate file holds no certificate") }
        guard let leafIndex = certificates.firstIndex(where: { $0.publicKey == key.publicKey }) else {
            throw SealKeyError("the seal key does not match its certificate (no certificate given has the key's public key)")
        }
        var chain = certificates
        let leaf = chain.remove(at: leafIndex)
        chain.insert(leaf, at: 0)
        if let usage = try leaf.extensions.keyUsage, !(usage.digitalSignature && usage.nonRepudiation) {
            throw SealKeyError(
                "the seal certificate (\(leaf.subject)) does not allow digitalSignature and nonRepudiation in its keyUsage; a document seal needs both"
            )
        }
        self.key = key
        self.chain = chain
        self.chainDER = try chain.map { certificate in
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return serializer.serializedBytes
        }
    }

    /// Reads a PEM key file and a PEM certificate file (the seal certificate, optionally
    /// followed by its chain).
    package static func pem(keyFile: String, certificateFile: String) throws -> SealIdentity {
        let keyPEM = try readText(keyFile, what: "seal key")
        let certificatePEM = try readText(certificateFile, what: "seal certificate")
        let key = try SealSigningKey(pem: keyPEM)
        let certificates: [Certificate]
        do {
            certificates = try PEMDocument.parseMultiple(pemString: certificatePEM)
                .filter { $0.discriminator == "CERTIFICATE" }
                .map { try Certificate(pemDocument: $0) }
        } catch {
            throw SealKeyError("\(certificateFile) is not a PEM certificate file: \(error)")
        }
        return try SealIdentity(key: key, certificates: certificates)
    }

    /// Reads a PKCS#12 file (as OpenSSL 3 writes it by default) with its password.
    package static func pkcs12(file: String, password: String) throws -> SealIdentity {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SealKeyError("cannot read the seal PKCS#12 file \(file)")
        }
        let contents = try PKCS12.open(Array(data), password: password)
        return try SealIdentity(key: contents.key, certificates: contents.certificates)
    }

    /// The seal certificate.
    package var certificate: Certificate { chain[0] }

    /// SHA-256 of the seal certificate's DER, as uppercase hex pairs joined by colons (the way
    /// viewers and `openssl x509 -fingerprint -sha256` show it).
    package var fingerprint: String {
        SHA256.hash(data: chainDER[0]).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// SHA-256 of the seal certificate's DER, lowercase hex: how `verify` recognises this
    /// service's seals.
    package var certificateSHA256: String {
        SHA256.hash(data: chainDER[0]).map { String(format: "%02x", $0) }.joined()
    }

    /// The seal certificate's subject, e.g. `CN=Signet development seal,O=Signet`.
    package var subject: String { String(describing: certificate.subject) }

    /// The chain as PEM, seal certificate first: what `GET /api/v1/seal/certificate.pem` serves
    /// and what a validator is given as trust anchors.
    package var chainPEM: String {
        chainDER.map { PEMDocument(type: "CERTIFICATE", derBytes: $0).pemString + "\n" }.joined()
    }

    private static func readText(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SealKeyError("cannot read the \(what) file \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
