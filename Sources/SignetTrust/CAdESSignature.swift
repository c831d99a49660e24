import Crypto
import SwiftASN1

/// The CMS SignedData of a PAdES baseline seal (ETSI EN 319 142-1, B-B; B-T with a
/// time-stamp), written with swift-asn1 because swift-certificates' `CMS.sign` can add
/// neither signing-certificate-v2 nor an unsigned time-stamp attribute:
///
/// - SignedData v1, digest SHA-256, detached (no eContent), certificates = the chain;
/// - one SignerInfo v1 naming the certificate by issuer and serial, copied raw from its TBS;
/// - signed attributes content-type, message-digest and signing-certificate-v2, and no
///   signing-time (PAdES puts the time in the signature dictionary's `/M`);
/// - with a time-stamper, its token as the unsigned attribute signatureTimeStampToken.
enum CAdESSignature {
    /// The DER ContentInfo for a document whose signed byte range hashes to `messageDigest`.
    static func build(
        messageDigest: [UInt8], identity: SealIdentity, timeStamper: (any SignatureTimeStamper)?
    ) async throws -> [UInt8] {
        let leaf = identity.chainDER[0]
        let (issuer, serial) = try issuerAndSerial(ofCertificate: leaf)
        let signedAttributes = try setOf([
            attribute(CMSObjectIdentifiers.contentType) { try $0.serialize(CMSObjectIdentifiers.data) },
            attribute(CMSObjectIdentifiers.messageDigest) { try $0.serialize(ASN1OctetString(contentBytes: messageDigest[...])) },
            attribute(CMSObjectIdentifiers.signingCertificateV2) {
                try signingCertificateV2(&$0, certificate: leaf, issuer: issuer, serial: serial)
            },
        ])
        // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] that
        // carries them in the SignerInfo.
        let signature = try identity.key.sign(signedAttributes.set)
        var unsignedAttributes: [UInt8]?
        if let timeStamper {
            let token = try await timeStamper.timeStampToken(forSignature: signature)
            unsignedAttributes = try setOf([
                attribute(CMSObjectIdentifiers.signatureTimeStampToken) { $0.serializeRawBytes(token) }
            ]).content
        }

        var out = DER.Serializer()
        try out.appendConstructedNode(identifier: .sequence) { contentInfo in
            try contentInfo.serialize(CMSObjectIdentifiers.signedData)
            try contentInfo.appendConstructedNode(identifier: context(0)) { explicit in
                try explicit.appendConstructedNode(identifier: .sequence) { signedData in
                    try signedData.serialize(1)
                    try signedData.appendConstructedNode(identifier: .set) { try algorithm(&$0, CMSObjectIdentifiers.sha256) }
                    try signedData.appendConstructedNode(identifier: .sequence) { try $0.serialize(CMSObjectIdentifiers.data) }
                    // Seal certificate first, then its chain. Not sorted as DER would sort a SET OF:
                    // Poppler's NSS finds the signer only when its certificate comes first.
                    signedData.appendConstructedNode(identifier: context(0)) { certificates in
                        for der in identity.chainDER { certificates.serializeRawBytes(der) }
                    }
                    try signedData.appendConstructedNode(identifier: .set) { signerInfos in
                        try signerInfos.appendConstructedNode(identifier: .sequence) { signerInfo in
                            try signerInfo.serialize(1)
                            signerInfo.appendConstructedNode(identifier: .sequence) { sid in
                                sid.serializeRawBytes(issuer)
                                sid.serializeRawBytes(serial)
                            }
                            try algorithm(&signerInfo, CMSObjectIdentifiers.sha256)
                            signerInfo.appendConstructedNode(identifier: context(0)) { $0.serializeRawBytes(signedAttributes.content) }
                            try algorithm(&signerInfo, identity.key.signatureAlgorithm, nullParameters: identity.key.isRSA)
                            try signerInfo.serialize(ASN1OctetString(contentBytes: signature[...]))
                            if let unsignedAttributes {
                                signerInfo.appendConstructedNode(identifier: context(1)) { $0.serializeRawBytes(unsignedAttributes) }
                            }
                        }
                    }
                }
            }
        }
        return out.serializedBytes
    }

    /// The issuer Name and serial INTEGER of a certificate, exactly as its TBS encodes them.
    static func issuerAndSerial(ofCertificate der: [UInt8]) throws -> (issuer: [UInt8], serial: [UInt8]) {
        let certificate = try DER.parse(der)
        guard case .constructed(let parts) = certificate.content, let tbs = parts.first(where: { _ in true }),
            case .constructed(let tbsParts) = tbs.content
        else { throw SealKeyError("the seal certificate is not a DER certificate") }
        var fields = Array(tbsParts)
        if fields.first?.identifier == context(0) { fields.removeFirst() }  // [0] version
        // serialNumber, signature, issuer
        guard fields.count >= 3 else { throw SealKeyError("the seal certificate's TBS is too short") }
        return (Array(fields[2].encodedBytes), Array(fields[0].encodedBytes))
    }

    /// SigningCertificateV2 ::= SEQ { SEQ OF ESSCertIDv2 }, ESSCertIDv2 ::= SEQ { certHash,
    /// issuerSerial }: hashAlgorithm left out, since SHA-256 is its DEFAULT and DER omits it.
    private static func signingCertificateV2(
        _ s: inout DER.Serializer, certificate: [UInt8], issuer: [UInt8], serial: [UInt8]
    ) throws {
        try s.appendConstructedNode(identifier: .sequence) { signingCertificate in
            try signingCertificate.appendConstructedNode(identifier: .sequence) { certs in
                try certs.appendConstructedNode(identifier: .sequence) { essCertID in
                    try essCertID.serialize(ASN1OctetString(contentBytes: Array(SHA256.hash(data: certificate))[...]))
                    essCertID.appendConstructedNode(identifier: .sequence) { issuerSerial in
                        issuerSerial.appendConstructedNode(identifier: .sequence) { generalNames in
                            // directoryName [4]: EXPLICIT, since Name is a CHOICE.
                            generalNames.appendConstructedNode(identifier: context(4)) { $0.serializeRawBytes(issuer) }
                        }
                        issuerSerial.serializeRawBytes(serial)
                    }
                }
            }
        }
    }

    private static func attribute(
        _ type: ASN1ObjectIdentifier, value: (inout DER.Serializer) throws -> Void
    ) throws -> [UInt8] {
        var s = DER.Serializer()
        try s.appendConstructedNode(identifier: .sequence) { attribute in
            try attribute.serialize(type)
            try attribute.appendConstructedNode(identifier: .set) { try value(&$0) }
        }
        return s.serializedBytes
    }

    /// A DER SET OF the given encodings: its content (members sorted) and the whole SET.
    private static func setOf(_ members: [[UInt8]]) throws -> (content: [UInt8], set: [UInt8]) {
        let content = sortedForSet(members).flatMap { $0 }
        var s = DER.Serializer()
        s.appendConstructedNode(identifier: .set) { $0.serializeRawBytes(content) }
        return (content, s.serializedBytes)
    }

    /// DER orders a SET OF by the members' encodings compared as octet strings.
    private static func sortedForSet(_ members: [[UInt8]]) -> [[UInt8]] {
        members.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private static func algorithm(
        _ s: inout DER.Serializer, _ oid: ASN1ObjectIdentifier, nullParameters: Bool = false
    ) throws {
        try s.appendConstructedNode(identifier: .sequence) { identifier in
            try identifier.serialize(oid)
            if nullParameters { try identifier.serialize(ASN1Null()) }
        }
    }

    private static func context(_ tag: UInt) -> ASN1Identifier {
        ASN1Identifier(tagWithNumber: tag, tagClass: .contextSpecific)
    }
}
