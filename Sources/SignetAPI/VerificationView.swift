import Foundation
import SignetSessions
import SignetTrust

/// The verification as the API answers it.
package struct VerificationView: Encodable, Sendable {
    package var verdict: String
    package var reason: String
    package var seals: [SealCheck]
    package var document: RecordedDocument?
    package var sha256: String

    package init(_ verification: Verification) {
        verdict = verification.verdict.rawValue
        reason = verification.reason
        seals = verification.seals
        document = verification.document
        sha256 = verification.sha256
    }
}
