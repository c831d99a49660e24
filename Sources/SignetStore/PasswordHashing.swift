import Dispatch
import HummingbirdBcrypt

/// bcrypt, run on Dispatch's global threads and awaited. A hash at the service's cost takes a
/// quarter of a second of CPU: on one of Swift's cooperative threads (one per core) it would
/// stall every other request meanwhile.
enum PasswordHashing {
    /// The bcrypt hash of `password` at `cost`.
    static func hash(_ password: String, cost: UInt8) async -> String {
        await offThread { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    static func verify(_ password: String, hash: String) async -> Bool {
        await offThread { Bcrypt.verify(password, hash: hash) }
    }

    private static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
