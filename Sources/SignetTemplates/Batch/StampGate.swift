import Foundation

/// Lets at most `width` of a batch's rows into the engine at once, whatever the engine itself
/// allows (the server's worker pool is shared, and may be larger than a batch's job slots): a
/// lane that finds no room waits here without holding a thread, and is let in when a stamp
/// ends, in the order lanes came.
final class StampGate: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var room: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { room = width }

    /// Waits for room; taken at once, without suspending, when there is some.
    func enter() async {
        let entered = lock.withLock { () -> Bool in
            guard room > 0 else { return false }
            room -= 1
            return true
        }
        if entered { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = lock.withLock { () -> Bool in
                guard room > 0 else {
                    waiting.append(continuation)
                    return false
                }
                room -= 1
                return true
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the room to the longest-waiting lane, or frees it.
    func leave() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard !waiting.isEmpty else {
                room += 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}
