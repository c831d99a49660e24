import SignetFiles
import SwiftASN1

/// The certificates a service seals with, as the verifier knows them: SHA-256 of their DER.
package enum SealCertificates {
    /// The SHA-256 (lowercase hex) of every certificate in a PEM file's text (a chain too).
    package static func digests(pem: String) throws -> Set<String> {
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: pem) } catch { throw CMSProblem("the file holds no PEM certificates") }
        let certificates = documents.filter { $0.discriminator == "CERTIFICATE" }
        guard !certificates.isEmpty else { throw CMSProblem("the file holds no PEM certificates") }
        return Set(certificates.map { FileDigest.sha256($0.derBytes) })
    }
}
