import Foundation
import SignetSessions
import SignetTrust

/// The verification as the API answers it.
public struct VerificationView: Encodable, Sendable {
    public var verdict: String
    public var reason: String
    public var seals: [SealCheck]
    public var document: RecordedDocument?
    public var sha256: String

    public init(_ verification: Verification) {
        verdict = verification.verdict.rawValue
        reason = verification.reason
        seals = verification.seals
        document = verification.document
        sha256 = verification.sha256
    }
}
