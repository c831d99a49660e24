import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's shared thread pool and awaited (like every other offloaded CPU work). A hash at the service's cost takes a
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
        // The shared pool is never shut down, so `runIfActive` cannot fail; were it ever to,
        // the work runs here rather than a login failing.
        (try? await NIOThreadPool.singleton.runIfActive(work)) ?? work()
    }
}
