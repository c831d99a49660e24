import NIOConcurrencyHelpers

/// How many live event streams each caller may hold at once. A stream holds a connection and
/// polls the store for as long as it lasts, so one caller opening hundreds could starve
/// everyone else; past the cap the answer is `TooManyStreams` (429) until one of theirs ends.
package final class StreamLimits: Sendable {
    /// Who holds streams: a customer session (a few tabs or devices), or an agent or admin
    /// (sessions and batch jobs watched at once).
    package enum Holder: Sendable {
        case customer(session: String)
        case user(id: String)
    }

    /// Streams per customer session.
    let perCustomer: Int
    /// Streams per agent or admin.
    let perUser: Int
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    package init(perCustomer: Int, perUser: Int) {
        self.perCustomer = perCustomer
        self.perUser = perUser
    }

    /// A place for one more stream of `holder`, or `TooManyStreams` naming the cap. The place
    /// must be given back with `release` when the stream ends, however it ends.
    package func acquire(_ holder: Holder) throws -> String {
        let (key, cap, who) =
            switch holder {
            case .customer(let session): ("customer:\(session)", perCustomer, "customer session")
            case .user(let id): ("user:\(id)", perUser, "account")
            }
        let admitted = counts.withLockedValue { counts -> Bool in
            guard counts[key, default: 0] < cap else { return false }
            counts[key, default: 0] += 1
            return true
        }
        guard admitted else { throw TooManyStreams(cap: cap, holder: who) }
        return key
    }

    /// Gives back a place taken by `acquire`.
    package func release(_ key: String) {
        counts.withLockedValue { counts in
            counts[key, default: 1] -= 1
            if counts[key] == 0 { counts[key] = nil }
        }
    }
}

/// A caller already holds as many live streams as `cap` allows per `holder` kind.
package struct TooManyStreams: Error, Sendable {
    package var cap: Int
    package var holder: String
}
