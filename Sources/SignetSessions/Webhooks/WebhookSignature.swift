import Crypto
import Foundation

/// The `Signet-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
/// The time is signed with the body, so a receiver that refuses old times (five minutes is the
/// documented tolerance) cannot be replayed a captured request later.
package enum WebhookSignature {
    /// The header's value for `body` sent at `time`.
    package static func header(secret: String, body: String, time: Date) -> String {
        let t = Int(time.timeIntervalSince1970)
        return "t=\(t),v1=\(hex(secret: secret, signed: "\(t).\(body)"))"
    }

    /// The hex HMAC-SHA256 of `signed` under `secret`.
    package static func hex(secret: String, signed: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(signed.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}
