import Foundation
import SignetStore

/// The reads every customer request repeats (the session their cookie opens, their session's
/// interactions), answered from the store's read cache, which forgets everything at each
/// write: a cancelled session, a re-sent invitation's new cookie or a changed interaction is
/// seen by the next request, so caching never delays a revocation. A crowd polling its page
/// then costs the database nothing between writes.
package struct CustomerReads: Sendable {
    let customers: any CustomerAccessRepository
    let interactions: SessionInteractions
    let cache: ReadCache

    /// `CustomerAccess.session(cookie:)`. Only admissions are kept, and a kept one is judged
    /// again at `now`, so a session reaching its expiry (or the end of a completed one's
    /// downloads) refuses the cookie that very moment;
    /// unknown cookies are not kept (guessing must not fill the cache).
    package func session(cookie: String, now: Date = Date()) async throws -> Result<(SessionRecord, csrf: String?), CustomerAccess.Refusal>
    {
        let answer = try await cache.remember("cookie:" + SecretToken.hash(cookie), keep: { if case .success = $0 { true } else { false } })
        {
            try await customers.session(cookie: cookie, now: now)
        }
        guard case .success(let (kept, csrf)) = answer else { return answer }
        let session = Sessions.current(kept, now: now)
        // A completed session stays open for reading until its downloads end.
        let reading = session.state == .completed && customers.downloadsEnd(session).map { now < $0 } == true
        guard session.state == .active || reading else { return .failure(.gone(session.state)) }
        return .success((session, csrf))
    }

    /// `Interactions.list(session:)`: every interaction of the session, in order.
    package func interactions(of session: String) async throws -> [InteractionRecord] {
        try await cache.remember("interactions:" + session) { try await interactions.list(session: session) }
    }

    /// `Interactions.find(_:session:)`, from the session's list.
    package func interaction(_ id: String, of session: String) async throws -> InteractionRecord? {
        try await interactions(of: session).first { $0.id == id }
    }
}

extension SignetServices {
    /// The customer's repeated reads, cached until the next write.
    package var customerReads: CustomerReads { CustomerReads(customers: customers, interactions: interactions, cache: backend.reads) }
}
