/// A time-stamp authority (RFC 3161) that countersigns a seal's signature value, turning a
/// PAdES B-B seal into B-T. The seal adds the token it answers as the unsigned attribute
/// id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14) of its SignerInfo.
package protocol SignatureTimeStamper: Sendable {
    /// The DER TimeStampToken (a CMS ContentInfo), taken verbatim from the authority's answer,
    /// whose message imprint is SHA-256 of `signature` (the SignerInfo's signature value).
    func timeStampToken(forSignature signature: [UInt8]) async throws -> [UInt8]
}
