import Synchronization

/// Answers of reads that many requests repeat (a customer cookie's session, a session's
/// interactions), kept until the next write. Every write transaction through `Store.write`
/// ends with `invalidate()` before its caller hears back, so no answer read before a write is
/// ever served after that write was acknowledged: a cancelled session, a replaced cookie or a
/// new interaction is seen by the very next request. This holds while this process is the one
/// that writes the database (`signet serve` owns its data folder).
package final class ReadCache: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var entries: [String: any Sendable] = [:]
    }

    private let state = Mutex(State())
    /// Beyond this many answers the cache starts again empty: a bound on memory, not a policy;
    /// a crowd's working set (a few entries a customer) is far smaller.
    let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = capacity }

    /// The answer kept under `key`, or `load`'s, kept when `keep` says so and no write ended
    /// while it was read (the read may have seen the database before that write).
    package func remember<T: Sendable>(_ key: String, keep: (T) -> Bool = { _ in true }, _ load: () async throws -> T) async throws -> T {
        let (kept, generation) = state.withLock { ($0.entries[key] as? T, $0.generation) }
        if let kept { return kept }
        let loaded = try await load()
        guard keep(loaded) else { return loaded }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = loaded
        }
        return loaded
    }

    /// Forgets every answer: the database changed.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
