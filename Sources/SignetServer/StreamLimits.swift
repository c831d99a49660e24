import NIOConcurrencyHelpers

/// How many live event streams each caller may hold at once. A stream holds a connection and
/// polls the store for as long as it lasts, so one caller opening hundreds could starve
/// everyone else; past the cap the answer is 429 until one of theirs ends.
final class StreamLimits: Sendable {
    /// Streams per customer session (a few tabs or devices).
    let perCustomer: Int
    /// Streams per agent or admin (sessions and batch jobs watched at once).
    let perUser: Int
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    init(perCustomer: Int, perUser: Int) {
        self.perCustomer = perCustomer
        self.perUser = perUser
    }

    /// A place for one more stream of `caller`, or a 429 problem naming the cap. The place
    /// must be given back with `release` when the stream ends, however it ends.
    func acquire(_ caller: Caller) throws -> String {
        let key: String
        let cap: Int
        let who: String
        switch caller {
        case .customer(let session, _):
            key = "customer:\(session.id)"
            cap = perCustomer
            who = "customer session"
        case .user(let user, _, _):
            key = "user:\(user.id)"
            cap = perUser
            who = "account"
        }
        let admitted = counts.withLockedValue { counts -> Bool in
            guard counts[key, default: 0] < cap else { return false }
            counts[key, default: 0] += 1
            return true
        }
        guard admitted else {
            throw Problem(
                .tooManyRequests, "too-many-streams", "Too many live streams",
                detail: "at most \(cap) streams may be open at once per \(who); close one first")
        }
        return key
    }

    /// Gives back a place taken by `acquire`.
    func release(_ key: String) {
        counts.withLockedValue { counts in
            counts[key, default: 1] -= 1
            if counts[key] == 0 { counts[key] = nil }
        }
    }

}
