import Foundation
import SignetFiles
import SwiftASN1
import X509

/// What one seal of a PDF is, as far as its own bytes can tell.
package struct SealCheck: Codable, Hashable, Sendable {
    /// The signer certificate's common name (or whole subject).
    package var signer: String?
    /// The time the signature dictionary claims (/M).
    package var signedAt: Date?
    /// The time-stamp authority's time, when the seal is time-stamped (B-T).
    package var timeStampedAt: Date?
    /// Every check of this seal passed.
    package var valid: Bool
    /// Its signed bytes run to the end of the file.
    package var coversWholeFile: Bool
    /// The first check that failed.
    package var problem: String?
    /// SHA-256 (hex) of the signer's certificate.
    package var certificateSHA256: String?
}

/// A PDF's seals, each checked on its own, plus what is wrong with the file as a whole.
package struct SealExamination: Sendable {
    /// SHA-256 (hex) of the whole file: what the record is asked about.
    package let sha256: String
    package let seals: [SealCheck]
    /// A problem of the file rather than of one seal: a malformed signature, bytes after the
    /// last seal.
    package let problem: String?
}

/// Checks the PAdES seals of a PDF with our own code (no PDF or CMS C library touches the
/// untrusted bytes): per seal, the ByteRange frames exactly its /Contents, an earlier seal's
/// range ends at a revision's %%EOF, the /Contents holds one DER object followed only by zero
/// padding, the CMS has exactly one SignerInfo whose signing-certificate-v2 names the leaf,
/// whose message digest is that of the ByteRange bytes and whose signature verifies with the
/// leaf's key (ECDSA, RSA PKCS#1 v1.5), and whose time-stamp token (if any) stamps its
/// signature value. Trust in the certificate is not judged here: the record decides whether
/// the file is the one this service finished.
package enum SealVerifier {
    /// A seal's CMS is a few KiB (16 KiB reserved); a larger /Contents is not a seal of ours
    /// and is not parsed.
    static let maxSignatureBytes = 256 << 10
    /// Names only a signature dictionary has: its handler and its format.
    static let signatureMarkers = ["/Adobe.PPKLite", "/ETSI.CAdES.detached", "/adbe.pkcs7.detached", "/ETSI.RFC3161"].map { Array($0.utf8) }

    package static func examine(_ bytes: [UInt8]) -> SealExamination {
        let sha256 = FileDigest.sha256(bytes)
        let signatures: [PDFSignature]
        do {
            signatures = try PDFSignatureScanner.signatures(in: bytes)
        } catch {
            return SealExamination(sha256: sha256, seals: [], problem: "\(error)")
        }
        if signatures.isEmpty, let marker = signatureMarkers.first(where: { !PDFSignatureScanner.occurrences(of: $0, in: bytes).isEmpty }) {
            // A signature dictionary whose /ByteRange was damaged still names its handler.
            return SealExamination(
                sha256: sha256, seals: [],
                problem: "the file names a signature (\(String(decoding: marker, as: UTF8.self))) but has none that can be read")
        }
        var seals: [SealCheck] = []
        var previousEnd = 0
        for (index, signature) in signatures.enumerated() {
            seals.append(check(signature, in: bytes, last: index == signatures.count - 1, after: previousEnd))
            previousEnd = signature.end
        }
        var problem: String?
        if let last = signatures.last, last.end != bytes.count {
            problem = "\(bytes.count - last.end) bytes follow the last seal"
        }
        return SealExamination(sha256: sha256, seals: seals, problem: problem)
    }

    static func check(_ signature: PDFSignature, in bytes: [UInt8], last: Bool, after previousEnd: Int) -> SealCheck {
        var seal = SealCheck(
            signer: nil, signedAt: signature.claimedTime, timeStampedAt: nil, valid: false,
            coversWholeFile: signature.end == bytes.count, problem: nil, certificateSHA256: nil)
        do {
            guard signature.contentsStart > previousEnd else {
                throw CMSProblem("the seal lies inside the revision an earlier seal signs")
            }
            guard PDFSignatureScanner.endsAtEOF(bytes, signature.end) else {
                throw CMSProblem("the signed bytes do not end at a revision's %%EOF")
            }
            let der = try signatureBytes(bytes[(signature.contentsStart + 1)..<(signature.contentsEnd - 1)])
            let signed = try SignedDataReader(contentInfo: der[...], what: "the seal's signature")
            guard signed.contentType == CMSIdentifier.data, signed.content == nil else {
                throw CMSProblem("the seal's signature is not detached")
            }
            let (certificate, certificateDER) = try signed.signerCertificate()
            seal.signer = commonName(certificate)
            seal.certificateSHA256 = FileDigest.sha256(certificateDER)
            try signed.signer.checkSigningCertificateV2(certificateDER, serial: signed.signer.serial)
            let content = [bytes[0..<signature.contentsStart], bytes[signature.contentsEnd..<signature.end]]
            try signed.signer.verify(content: content, contentType: CMSIdentifier.data, certificate: certificate)
            let tokens = signed.signer.unsignedAttributes[CMSIdentifier.signatureTimeStampToken] ?? []
            guard tokens.count <= 1 else { throw CMSProblem("the seal has more than one time-stamp token") }
            if let node = tokens.first {
                let token = try TimeStampToken(node.encodedBytes)
                guard token.stamps(signed.signer.signature) else {
                    throw CMSProblem("the time-stamp token stamps another signature value")
                }
                seal.timeStampedAt = token.time
            }
            seal.valid = true
        } catch {
            seal.problem = "\(error)"
        }
        return seal
    }

    /// The DER of a /Contents hex string: hex digits only, one DER object, then nothing but
    /// zero padding (a changed padding byte is a changed file, though no signature covers it).
    static func signatureBytes(_ hex: ArraySlice<UInt8>) throws -> [UInt8] {
        guard hex.count % 2 == 0 else { throw CMSProblem("the seal's /Contents has an odd number of hex digits") }
        guard hex.count <= 2 * maxSignatureBytes else { throw CMSProblem("the seal's /Contents is larger than any seal") }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            guard let high = nibble(hex[index]), let low = nibble(hex[index + 1]) else {
                throw CMSProblem("the seal's /Contents is not plain hex")
            }
            decoded.append(high << 4 | low)
            index += 2
        }
        guard let length = derObjectLength(decoded[...]) else {
            throw CMSProblem("the seal's /Contents does not start with one DER object")
        }
        guard decoded[length...].allSatisfy({ $0 == 0 }) else {
            throw CMSProblem("the padding after the seal's signature is not all zeros")
        }
        return Array(decoded[..<length])
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func commonName(_ certificate: Certificate) -> String {
        for name in certificate.subject {
            for attribute in name where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return String(describing: certificate.subject)
    }
}
