import Foundation
import SwiftASN1
import Testing
import X509

/// Reads a sealed PDF's signatures back, independently of the code that wrote them.
struct SealedPDF {
    let bytes: [UInt8]

    init(path: String) throws { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// The DER of the last signature's `/Contents` (zero padding stripped by parsing).
    func lastSignature() throws -> [UInt8] {
        let text = String(decoding: bytes, as: Unicode.ASCII.self)
        let contents = try #require(text.ranges(of: "/Contents <").last)
        let rest = text[contents.upperBound...]
        let hex = rest.prefix { $0 != ">" }
        var der: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            der.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        // The gap is zero-padded after the DER: keep exactly the one DER object, whose length
        // its header gives.
        #expect(der.first == 0x30)
        var length = Int(der[1])
        var header = 2
        if length >= 0x80 {
            let count = length & 0x7f
            length = der[2..<(2 + count)].reduce(0) { $0 << 8 | Int($1) }
            header += count
        }
        #expect(der[(header + length)...].allSatisfy { $0 == 0 }, "only zeros after the CMS")
        return Array(der[0..<(header + length)])
    }
}

enum CMSInspection {
    struct Attribute {
        var type: ASN1ObjectIdentifier
        var value: ASN1Node
    }

    /// ContentInfo -> [0] SignedData -> signerInfos -> the one SignerInfo -> [0] signedAttrs.
    static func signedAttributes(_ cms: [UInt8]) throws -> [Attribute] {
        let contentInfo = try children(try DER.parse(cms))
        let signedData = try children(try children(contentInfo[1])[0])
        let signerInfos = try children(try #require(signedData.last))
        #expect(signerInfos.count == 1)
        let signerInfo = try children(signerInfos[0])
        #expect(try Int(derEncoded: signerInfo[0]) == 1)
        let signed = try #require(signerInfo.first { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) })
        return try children(signed).map { attribute in
            let parts = try children(attribute)
            return Attribute(type: try ASN1ObjectIdentifier(derEncoded: parts[0]), value: try children(parts[1])[0])
        }
    }

    /// SigningCertificateV2 -> certs -> first ESSCertIDv2 -> certHash (hashAlgorithm absent).
    static func essCertificateHash(_ value: ASN1Node) throws -> [UInt8] {
        let essCertID = try children(try children(try children(value)[0])[0])
        #expect(essCertID[0].identifier == .octetString, "hashAlgorithm must be omitted (SHA-256 is the default)")
        return Array(try ASN1OctetString(derEncoded: essCertID[0]).bytes)
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    private static func children(_ node: ASN1Node) throws -> [ASN1Node] {
        guard case .constructed(let nodes) = node.content else { throw ASN1Error.invalidASN1Object(reason: "expected a constructed node") }
        return Array(nodes)
    }
}
