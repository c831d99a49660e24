import Foundation
import NIOConcurrencyHelpers
import SignetTrust

/// The service's seal identity: the configured one, or else the development identity kept in
/// `<data>/keys/` (made on first use). `signet serve` resolves it at start-up, so a bad key
/// stops the service there and the log says which identity seals.
package final class SealKeys: Sendable {
    private let folder: String
    private let resolved: NIOLockedValueBox<SealIdentity?>

    /// `configured`, or the development identity in `folder` when nil.
    package init(configured: SealIdentity?, folder: String) {
        self.folder = folder
        resolved = NIOLockedValueBox(configured)
    }

    /// The identity, making the development one if there is none yet; `created` says whether
    /// this call made it.
    @discardableResult
    package func identity() throws -> (identity: SealIdentity, created: Bool) {
        try resolved.withLockedValue { current in
            if let current { return (current, false) }
            let (identity, created) = try DevelopmentCA.identity(in: folder)
            current = identity
            return (identity, created)
        }
    }
}
