import Crypto
import Foundation
import SignetFiles

/// Random secrets handed to people (links, cookies, API tokens): 256 bits from the system's
/// CSPRNG, written base64url; only their SHA-256 is ever stored, so a leaked database holds
/// no usable token.
package enum SecretToken {
    /// A new token.
    package static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What is stored for `token`.
    package static func hash(_ token: String) -> String { FileDigest.sha256(Array(token.utf8)) }
}
