import Crypto
import SwiftASN1
import X509

/// A CMS ContentInfo holding SignedData (RFC 5652 §5), read without trusting it: the one
/// SignerInfo, the certificates it carries, and the encapsulated content (none for a detached
/// seal, the TSTInfo for a time-stamp token).
struct SignedDataReader {
    /// The encapsulated content type.
    let contentType: ASN1ObjectIdentifier
    /// The encapsulated content's octets, when it is not detached.
    let content: ArraySlice<UInt8>?
    /// Each certificate of the `certificates` set, as its DER bytes.
    let certificates: [ArraySlice<UInt8>]
    let signer: SignerInfoReader

    init(contentInfo bytes: ArraySlice<UInt8>, what: String) throws {
        let info = try parseDER(bytes, what).children(.sequence, what)
        guard info.count == 2, try info[0].objectIdentifier(what) == CMSIdentifier.signedData else {
            throw CMSProblem("\(what) is not CMS SignedData")
        }
        let wrapper = try info[1].children(ASN1Node.tag(0), what)
        guard wrapper.count == 1 else { throw CMSProblem("\(what) is malformed") }
        let parts = try wrapper[0].children(.sequence, "\(what)'s SignedData")
        // version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos
        guard parts.count >= 4 else { throw CMSProblem("\(what)'s SignedData is incomplete") }
        let encapsulated = try parts[2].children(.sequence, "\(what)'s content info")
        guard let type = encapsulated.first else { throw CMSProblem("\(what)'s content info is empty") }
        contentType = try type.objectIdentifier("\(what)'s content type")
        if encapsulated.count > 1 {
            let explicit = try encapsulated[1].children(ASN1Node.tag(0), "\(what)'s content")
            guard explicit.count == 1 else { throw CMSProblem("\(what)'s content is malformed") }
            content = try explicit[0].primitive(.octetString, "\(what)'s content")
        } else {
            content = nil
        }
        var certificates: [ArraySlice<UInt8>] = []
        for part in parts[3..<(parts.count - 1)] where part.identifier == ASN1Node.tag(0) {
            certificates = try part.children(ASN1Node.tag(0), "\(what)'s certificates").map(\.encodedBytes)
        }
        self.certificates = certificates
        let signers = try parts[parts.count - 1].children(.set, "\(what)'s signer infos")
        guard signers.count == 1 else {
            throw CMSProblem("\(what) has \(signers.count) signer infos; exactly one is allowed")
        }
        signer = try SignerInfoReader(signers[0], what: what)
    }

    /// The certificate the SignerInfo names (by issuer and serial number, compared as the
    /// exact DER bytes of the certificate's TBS), parsed.
    func signerCertificate() throws -> (certificate: Certificate, der: ArraySlice<UInt8>) {
        for der in certificates {
            guard let (issuer, serial) = try? Self.issuerAndSerial(ofCertificate: der) else { continue }
            if issuer == signer.issuer && serial == signer.serial {
                do {
                    return (try Certificate(derEncoded: Array(der)), der)
                } catch {
                    throw CMSProblem("the signer's certificate cannot be read")
                }
            }
        }
        throw CMSProblem("the signer's certificate is not in the signature")
    }

    /// The DER bytes of a certificate's issuer Name and serialNumber INTEGER.
    static func issuerAndSerial(ofCertificate der: ArraySlice<UInt8>) throws -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        let certificate = try parseDER(der, "a certificate").children(.sequence, "a certificate")
        guard let tbsNode = certificate.first else { throw CMSProblem("a certificate is empty") }
        var tbs = try tbsNode.children(.sequence, "a certificate")[...]
        if tbs.first?.identifier == ASN1Node.tag(0) { tbs = tbs.dropFirst() }  // version
        guard tbs.count >= 3 else { throw CMSProblem("a certificate is incomplete") }
        let serial = tbs[tbs.startIndex]
        let issuer = tbs[tbs.startIndex + 2]
        guard serial.identifier == .integer, issuer.identifier == .sequence else { throw CMSProblem("a certificate is malformed") }
        return (issuer.encodedBytes, serial.encodedBytes)
    }
}

/// One SignerInfo (RFC 5652 §5.3) identified by issuer and serial number.
struct SignerInfoReader {
    let issuer: ArraySlice<UInt8>
    let serial: ArraySlice<UInt8>
    let digest: CMSDigest
    /// The signed attributes by type, each with its values.
    let signedAttributes: [ASN1ObjectIdentifier: [ASN1Node]]
    /// What the signature covers: the signed attributes' DER as a SET (tag 0x31), not as
    /// the [0] they are stored under.
    let signedBytes: [UInt8]
    let signatureAlgorithm: ASN1ObjectIdentifier
    let signature: ArraySlice<UInt8>
    let unsignedAttributes: [ASN1ObjectIdentifier: [ASN1Node]]

    init(_ node: ASN1Node, what: String) throws {
        let parts = try node.children(.sequence, "\(what)'s signer info")
        guard parts.count >= 5 else { throw CMSProblem("\(what)'s signer info is incomplete") }
        let sid = try parts[1].children(.sequence, "\(what)'s signer identifier (issuer and serial number)")
        guard sid.count == 2, sid[0].identifier == .sequence, sid[1].identifier == .integer else {
            throw CMSProblem("\(what)'s signer identifier is malformed")
        }
        issuer = sid[0].encodedBytes
        serial = sid[1].encodedBytes
        digest = try CMSDigest(try parts[2].algorithm("\(what)'s digest algorithm"))
        var index = 3
        guard parts[index].identifier == ASN1Node.tag(0) else { throw CMSProblem("\(what) has no signed attributes") }
        signedAttributes = try Self.attributes(parts[index], what: "\(what)'s signed attributes")
        signedBytes = [0x31] + parts[index].encodedBytes.dropFirst()
        index += 1
        guard parts.count >= index + 2 else { throw CMSProblem("\(what)'s signer info is incomplete") }
        signatureAlgorithm = try parts[index].algorithm("\(what)'s signature algorithm")
        signature = try parts[index + 1].primitive(.octetString, "\(what)'s signature value")
        index += 2
        if index < parts.count, parts[index].identifier == ASN1Node.tag(1) {
            unsignedAttributes = try Self.attributes(parts[index], what: "\(what)'s unsigned attributes")
        } else {
            unsignedAttributes = [:]
        }
    }

    private static func attributes(_ node: ASN1Node, what: String) throws -> [ASN1ObjectIdentifier: [ASN1Node]] {
        var found: [ASN1ObjectIdentifier: [ASN1Node]] = [:]
        for attribute in try node.children(node.identifier, what) {
            let parts = try attribute.children(.sequence, what)
            guard parts.count == 2 else { throw CMSProblem("\(what) are malformed") }
            let type = try parts[0].objectIdentifier(what)
            guard found[type] == nil else { throw CMSProblem("\(what) hold \(type) twice") }
            found[type] = try parts[1].children(.set, what)
        }
        return found
    }

    /// The single value of attribute `type`, if present.
    func single(_ type: ASN1ObjectIdentifier, in attributes: [ASN1ObjectIdentifier: [ASN1Node]], _ what: String) throws -> ASN1Node? {
        guard let values = attributes[type] else { return nil }
        guard values.count == 1 else { throw CMSProblem("\(what) must have exactly one value") }
        return values[0]
    }

    /// Checks the signature over `content` (the ByteRange bytes of a seal, the TSTInfo of a
    /// token): content-type, message-digest, the signature with `certificate`'s key.
    func verify(content: [ArraySlice<UInt8>], contentType: ASN1ObjectIdentifier, certificate: Certificate) throws {
        guard let type = try single(CMSIdentifier.contentType, in: signedAttributes, "the content-type attribute") else {
            throw CMSProblem("the content-type attribute is missing")
        }
        guard try type.objectIdentifier("the content-type attribute") == contentType else {
            throw CMSProblem("the content-type attribute does not match the content")
        }
        guard let digestNode = try single(CMSIdentifier.messageDigest, in: signedAttributes, "the message-digest attribute") else {
            throw CMSProblem("the message-digest attribute is missing")
        }
        let claimed = try digestNode.primitive(.octetString, "the message-digest attribute")
        guard Array(claimed) == digest.hash(content) else {
            throw CMSProblem("the message digest does not match the signed bytes")
        }
        guard certificate.publicKey.isValidSignature(signature, for: signedBytes, signatureAlgorithm: try signatureKind()) else {
            throw CMSProblem("the signature does not verify with the signer's certificate")
        }
    }

    /// The signature algorithm as swift-certificates names it: ECDSA and RSA PKCS#1 v1.5, the
    /// hash taken from the algorithm or, for a bare key algorithm, from the digest algorithm.
    private func signatureKind() throws -> Certificate.SignatureAlgorithm {
        switch (signatureAlgorithm, digest) {
        case (CMSIdentifier.ecdsaWithSHA256, _), (CMSIdentifier.ecPublicKey, .sha256): return .ecdsaWithSHA256
        case (CMSIdentifier.ecdsaWithSHA384, _), (CMSIdentifier.ecPublicKey, .sha384): return .ecdsaWithSHA384
        case (CMSIdentifier.ecdsaWithSHA512, _), (CMSIdentifier.ecPublicKey, .sha512): return .ecdsaWithSHA512
        case (CMSIdentifier.sha256WithRSA, _), (CMSIdentifier.rsaEncryption, .sha256): return .sha256WithRSAEncryption
        case (CMSIdentifier.sha384WithRSA, _), (CMSIdentifier.rsaEncryption, .sha384): return .sha384WithRSAEncryption
        case (CMSIdentifier.sha512WithRSA, _), (CMSIdentifier.rsaEncryption, .sha512): return .sha512WithRSAEncryption
        default: throw CMSProblem("the signature algorithm \(signatureAlgorithm) is not supported")
        }
    }

    /// The ESS signing-certificate-v2 attribute (RFC 5035) binds the signer's certificate:
    /// its first ESSCertIDv2 must hash (SHA-256 unless it names another) to the certificate's
    /// DER, and name its serial number when it names one.
    func checkSigningCertificateV2(_ der: ArraySlice<UInt8>, serial: ArraySlice<UInt8>) throws {
        let what = "the signing-certificate-v2 attribute"
        guard let value = try single(CMSIdentifier.signingCertificateV2, in: signedAttributes, what) else {
            throw CMSProblem("\(what) is missing")
        }
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }
        guard let list = try value.children(.sequence, what).first, let first = try list.children(.sequence, what).first else {
            throw CMSProblem("\(what) names no certificate")
        }
        var parts = try first.children(.sequence, what)[...]
        var algorithm = CMSDigest.sha256
        if parts.first?.identifier == .sequence {
            algorithm = try CMSDigest(try parts[parts.startIndex].algorithm(what))
            parts = parts.dropFirst()
        }
        guard let hash = parts.first else { throw CMSProblem("\(what) has no certificate hash") }
        guard Array(try hash.primitive(.octetString, what)) == algorithm.hash([der]) else {
            throw CMSProblem("\(what) does not match the signer's certificate")
        }
        if parts.count > 1 {
            let issuerSerial = try parts[parts.startIndex + 1].children(.sequence, what)
            guard issuerSerial.count >= 2, issuerSerial[1].encodedBytes == serial else {
                throw CMSProblem("\(what) names another certificate's serial number")
            }
        }
    }
}
