import Foundation

/// Tells waiting readers that a write committed, so a live stream shows a change as soon as it
/// is in the record instead of at its next poll. It carries no data: a woken reader reads the
/// record as before (the table stays the source of truth); the poll interval stays the bound
/// for what this process did not write (another process on the same data folder).
package final class ChangeSignal: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var generation: UInt64 = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// Waiters that timed out before they were registered: they must not wait once they are.
    private var abandoned: Set<UUID> = []

    /// Creates a signal.
    package init() {}

    /// How many writes have committed so far; pass it to `wait(after:timeout:)`.
    package var current: UInt64 { lock.withLock { generation } }

    /// Wakes every waiter: a write committed.
    func signal() {
        let woken = lock.withLock {
            generation &+= 1
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        woken.forEach { $0.resume() }
    }

    /// Returns once a write committed after `seen` (at once if one already has), or after
    /// `timeout`, or when the task is cancelled.
    package func wait(after seen: UInt64, timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let now = self.lock.withLock { () -> Bool in
                        if self.generation != seen || self.abandoned.remove(id) != nil { return true }
                        self.waiters[id] = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
            }
            await group.next()
            group.cancelAll()
            // The other side may still wait: a registered waiter is resumed here, one not yet
            // registered finds itself abandoned when it tries.
            let left = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                if let waiting = waiters.removeValue(forKey: id) { return waiting }
                abandoned.insert(id)
                return nil
            }
            left?.resume()
        }
        lock.withLock { _ = abandoned.remove(id) }
    }
}
