import Foundation
import SwiftASN1
import X509

/// An RFC 3161 TimeStampToken: a CMS SignedData whose content is a TSTInfo, signed by the
/// time-stamp authority. Read and checked here: the TSA's signature over the TSTInfo, and the
/// fields a caller compares (the message imprint, the nonce, the time).
struct TimeStampToken {
    /// The digest algorithm of the message imprint.
    let imprintDigest: CMSDigest
    /// The hashed message the authority time-stamped.
    let imprint: [UInt8]
    /// The nonce INTEGER as DER bytes, when the token has one.
    let nonce: ArraySlice<UInt8>?
    /// When the authority says it saw the imprint.
    let time: Date

    /// Reads `bytes` (a ContentInfo) and checks the authority's signature over its TSTInfo.
    init(_ bytes: ArraySlice<UInt8>) throws {
        let what = "the time-stamp token"
        let signed = try SignedDataReader(contentInfo: bytes, what: what)
        guard signed.contentType == CMSIdentifier.tstInfo, let content = signed.content else {
            throw CMSProblem("\(what) does not hold a TSTInfo")
        }
        let (certificate, _) = try signed.signerCertificate()
        try signed.signer.verify(content: [content], contentType: CMSIdentifier.tstInfo, certificate: certificate)
        // TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime,
        //   accuracy OPTIONAL, ordering DEFAULT FALSE, nonce OPTIONAL, tsa [0] OPTIONAL, extensions [1] OPTIONAL }
        let info = try parseDER(content, "the TSTInfo").children(.sequence, "the TSTInfo")
        guard info.count >= 5 else { throw CMSProblem("the TSTInfo is incomplete") }
        let messageImprint = try info[2].children(.sequence, "the message imprint")
        guard messageImprint.count == 2 else { throw CMSProblem("the message imprint is malformed") }
        imprintDigest = try CMSDigest(try messageImprint[0].algorithm("the message imprint"))
        imprint = Array(try messageImprint[1].primitive(.octetString, "the message imprint"))
        do {
            time = try Self.date(GeneralizedTime(derEncoded: info[4]))
        } catch {
            throw CMSProblem("the time-stamp's time is malformed")
        }
        // The nonce is the only INTEGER after genTime (accuracy is a SEQUENCE, ordering a BOOLEAN).
        nonce = info.dropFirst(5).first { $0.identifier == .integer }?.encodedBytes
    }

    /// Whether the token time-stamps `message` (its imprint is that message's digest).
    func stamps(_ message: ArraySlice<UInt8>) -> Bool { imprint == imprintDigest.hash([message]) }

    static func date(_ time: GeneralizedTime) throws -> Date {
        var components = DateComponents()
        (components.year, components.month, components.day) = (time.year, time.month, time.day)
        (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { throw CMSProblem("the time is not a date") }
        return date.addingTimeInterval(time.fractionalSeconds)
    }
}
