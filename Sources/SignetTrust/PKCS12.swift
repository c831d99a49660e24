import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Reads a PKCS#12 file (RFC 7292) as OpenSSL 3 writes it by default: the key and
/// certificates encrypted with PBES2 (PBKDF2 with HMAC-SHA256, AES-256-CBC), integrity by an
/// HMAC-SHA256 MAC whose key comes from the PKCS#12 key derivation. Older encryptions
/// (RC2, 3DES, PKCS#12 PBE) are refused with a message saying how to convert the file.
enum PKCS12 {
    struct Contents {
        var key: SealSigningKey
        var certificates: [Certificate]
    }

    private enum OID {
        static let data: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 1]
        static let encryptedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 6]
        static let keyBag: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 12, 10, 1, 1]
        static let shroudedKeyBag: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 12, 10, 1, 2]
        static let certBag: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 12, 10, 1, 3]
        static let x509Certificate: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 22, 1]
        static let pbes2: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 5, 13]
        static let pbkdf2: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 5, 12]
        static let hmacWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 2, 9]
        static let aes256CBC: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 1, 42]
        static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    }

    static let conversionHint =
        "convert it with: openssl pkcs12 -in old.p12 -nodes | openssl pkcs12 -export -out new.p12 (OpenSSL 3's defaults: AES-256-CBC, PBKDF2, HMAC-SHA256)"

    static func open(_ bytes: [UInt8], password: String) throws -> Contents {
        do {
            return try read(bytes, password: password)
        } catch let error as SealKeyError {
            throw error
        } catch {
            throw SealKeyError("the seal PKCS#12 file cannot be read: \(error)")
        }
    }

    private static func read(_ bytes: [UInt8], password: String) throws -> Contents {
        let pfx = try children(try BER.parse(bytes), "PFX")
        guard pfx.count >= 2, try Int(asn1Encoded: pfx[0]) == 3 else { throw SealKeyError("not a PKCS#12 (version 3) file") }
        let authSafe = try dataContent(pfx[1])
        guard pfx.count >= 3 else { throw SealKeyError("the PKCS#12 file has no MAC; refusing a file whose integrity cannot be checked") }
        try checkMAC(pfx[2], over: authSafe, password: password)

        var keys: [SealSigningKey] = []
        var certificates: [Certificate] = []
        for info in try children(try BER.parse(authSafe), "AuthenticatedSafe") {
            let parts = try children(info, "ContentInfo")
            guard parts.count == 2 else { throw SealKeyError("malformed ContentInfo in the PKCS#12 file") }
            let type = try ASN1ObjectIdentifier(derEncoded: parts[0])
            let safeContents: [UInt8]
            if type == OID.data {
                safeContents = try dataContent(info)
            } else if type == OID.encryptedData {
                let encryptedData = try children(try explicit(parts[1]), "EncryptedData")
                guard encryptedData.count >= 2 else { throw SealKeyError("malformed EncryptedData in the PKCS#12 file") }
                let contentInfo = try children(encryptedData[1], "EncryptedContentInfo")
                guard contentInfo.count >= 3, case .primitive(let cipher) = contentInfo[2].content else {
                    throw SealKeyError("the PKCS#12 file's encrypted certificates are not in the expected form")
                }
                safeContents = try decrypt(Array(cipher), algorithm: contentInfo[1], password: password)
            } else {
                throw SealKeyError("the PKCS#12 file holds content of type \(type), which is not supported (public-key encrypted)")
            }
            for bag in try children(try BER.parse(safeContents), "SafeContents") {
                let bagParts = try children(bag, "SafeBag")
                guard bagParts.count >= 2 else { continue }
                let bagType = try ASN1ObjectIdentifier(derEncoded: bagParts[0])
                let value = try explicit(bagParts[1])
                if bagType == OID.certBag {
                    let certBag = try children(value, "CertBag")
                    guard certBag.count == 2, try ASN1ObjectIdentifier(derEncoded: certBag[0]) == OID.x509Certificate else { continue }
                    let der = try ASN1OctetString(derEncoded: try explicit(certBag[1])).bytes
                    certificates.append(try Certificate(derEncoded: Array(der)))
                } else if bagType == OID.shroudedKeyBag {
                    let info = try children(value, "EncryptedPrivateKeyInfo")
                    guard info.count == 2 else { throw SealKeyError("malformed key in the PKCS#12 file") }
                    let encrypted = try ASN1OctetString(derEncoded: info[1]).bytes
                    keys.append(try SealSigningKey(pkcs8: try decrypt(Array(encrypted), algorithm: info[0], password: password)))
                } else if bagType == OID.keyBag {
                    keys.append(try SealSigningKey(pkcs8: Array(value.encodedBytes)))
                }
            }
        }
        guard keys.count == 1 else {
            throw SealKeyError("the PKCS#12 file holds \(keys.count) private keys; a seal needs exactly one")
        }
        return Contents(key: keys[0], certificates: certificates)
    }

    /// MacData ::= SEQ { DigestInfo { sha256, digest }, macSalt, iterations }: HMAC-SHA256
    /// keyed by the PKCS#12 KDF (ID 3) over the password as a NUL-terminated BMPString.
    private static func checkMAC(_ node: ASN1Node, over content: [UInt8], password: String) throws {
        let macData = try children(node, "MacData")
        guard macData.count >= 2 else { throw SealKeyError("malformed MAC in the PKCS#12 file") }
        let digestInfo = try children(macData[0], "DigestInfo")
        let algorithm = try children(digestInfo[0], "AlgorithmIdentifier")
        guard try ASN1ObjectIdentifier(derEncoded: algorithm[0]) == OID.sha256 else {
            throw SealKeyError("the PKCS#12 file's MAC is not HMAC-SHA256; \(conversionHint)")
        }
        let expected = try ASN1OctetString(derEncoded: digestInfo[1]).bytes
        let salt = Array(try ASN1OctetString(derEncoded: macData[1]).bytes)
        let iterations = macData.count >= 3 ? try Int(asn1Encoded: macData[2]) : 1
        guard (1...10_000_000).contains(iterations) else { throw SealKeyError("the PKCS#12 MAC's iteration count is out of range") }
        var bmp: [UInt8] = []
        for unit in password.utf16 { bmp += [UInt8(unit >> 8), UInt8(unit & 0xff)] }
        bmp += [0, 0]
        let key = pkcs12KDF(password: bmp, salt: salt, id: 3, iterations: iterations)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: key))
        guard Array(mac) == Array(expected) else {
            throw SealKeyError("the seal PKCS#12 password is wrong (the file's MAC does not match)")
        }
    }

    /// RFC 7292 appendix B.2 with SHA-256 (u = 32, v = 64), for a 32-byte key: one block.
    private static func pkcs12KDF(password: [UInt8], salt: [UInt8], id: UInt8, iterations: Int) -> [UInt8] {
        let v = 64
        func stretch(_ bytes: [UInt8]) -> [UInt8] {
            guard !bytes.isEmpty else { return [] }
            let length = v * ((bytes.count + v - 1) / v)
            return (0..<length).map { bytes[$0 % bytes.count] }
        }
        var block = [UInt8](repeating: id, count: v) + stretch(salt) + stretch(password)
        for _ in 0..<iterations { block = Array(SHA256.hash(data: block)) }
        return block
    }

    /// Decrypts PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) content, refusing anything else.
    private static func decrypt(_ cipher: [UInt8], algorithm: ASN1Node, password: String) throws -> [UInt8] {
        let parts = try children(algorithm, "AlgorithmIdentifier")
        guard parts.count == 2, try ASN1ObjectIdentifier(derEncoded: parts[0]) == OID.pbes2 else {
            throw SealKeyError("the PKCS#12 file uses an old encryption (not PBES2); \(conversionHint)")
        }
        let params = try children(parts[1], "PBES2-params")
        let kdf = try children(params[0], "keyDerivationFunc")
        guard try ASN1ObjectIdentifier(derEncoded: kdf[0]) == OID.pbkdf2 else {
            throw SealKeyError("the PKCS#12 file's key derivation is not PBKDF2; \(conversionHint)")
        }
        let pbkdf2 = try children(kdf[1], "PBKDF2-params")
        let salt = try ASN1OctetString(derEncoded: pbkdf2[0]).bytes
        let iterations = try Int(asn1Encoded: pbkdf2[1])
        var prf = OID.hmacWithSHA256  // only SHA-256 is accepted; absent means SHA-1, refused below
        var prfGiven = false
        for extra in pbkdf2.dropFirst(2) where extra.identifier == .sequence {
            prf = try ASN1ObjectIdentifier(derEncoded: try children(extra, "prf")[0])
            prfGiven = true
        }
        guard prfGiven, prf == OID.hmacWithSHA256 else {
            throw SealKeyError("the PKCS#12 file's PBKDF2 does not use HMAC-SHA256; \(conversionHint)")
        }
        let scheme = try children(params[1], "encryptionScheme")
        guard try ASN1ObjectIdentifier(derEncoded: scheme[0]) == OID.aes256CBC else {
            throw SealKeyError("the PKCS#12 file is not encrypted with AES-256-CBC; \(conversionHint)")
        }
        let iv = try ASN1OctetString(derEncoded: scheme[1]).bytes
        guard (1...10_000_000).contains(iterations) else { throw SealKeyError("the PKCS#12 iteration count is out of range") }
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
        do {
            return Array(try AES._CBC.decrypt(cipher, using: key, iv: try AES._CBC.IV(ivBytes: iv)))
        } catch {
            throw SealKeyError("the seal PKCS#12 file cannot be decrypted (wrong password?)")
        }
    }

    /// The content of a ContentInfo of type data: its [0] EXPLICIT OCTET STRING.
    private static func dataContent(_ node: ASN1Node) throws -> [UInt8] {
        let parts = try children(node, "ContentInfo")
        guard parts.count == 2, try ASN1ObjectIdentifier(derEncoded: parts[0]) == OID.data else {
            throw SealKeyError("the PKCS#12 file's content is not plain data (a public-key protected file is not supported)")
        }
        let inner = try explicit(parts[1])
        guard case .primitive(let bytes) = inner.content else {
            throw SealKeyError("the PKCS#12 file uses a constructed (BER) octet string; \(conversionHint)")
        }
        return Array(bytes)
    }

    private static func children(_ node: ASN1Node, _ what: String) throws -> [ASN1Node] {
        guard case .constructed(let nodes) = node.content else { throw SealKeyError("malformed \(what) in the PKCS#12 file") }
        return Array(nodes)
    }

    private static func explicit(_ node: ASN1Node) throws -> ASN1Node {
        let inner = try children(node, "explicit tag")
        guard inner.count == 1 else { throw SealKeyError("malformed explicit tag in the PKCS#12 file") }
        return inner[0]
    }
}

extension Int {
    fileprivate init(asn1Encoded node: ASN1Node) throws {
        self = try Int(derEncoded: node)
    }
}
