import Foundation

/// A thread of its own for a caller that runs engine jobs back to back (a batch's job slot), and
/// the executor of the tasks that prefer it (`TaskGroup.addTask(executorPreference:)`). On a lane
/// `WorkerPool.run` exchanges the job with its worker right there, blocking the lane (nothing
/// else runs on it), instead of handing it to a thread of the pool's and resuming the task on a
/// cooperative thread afterwards: a row then costs no thread hop at all, as on the dedicated
/// threads the batch had before the pool was asynchronous. Each hop was a wake-up of another
/// thread, often on the CPU where the other slot's worker was busy.
///
/// With `cpu`, the lane keeps itself on that CPU (see `CPUAffinity`), its worker with it.
package final class WorkerLane: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var stopping = false

    /// Marks the lanes' threads (`isCurrent`).
    private static let marker: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Starts a lane, on `cpu` when given.
    package init(cpu: Int?) {
        let thread = Thread { [self] in serve(cpu: cpu) }
        thread.name = "signet-lane"
        thread.start()
    }

    /// Whether the calling thread is a lane (and so may block on a worker).
    static var isCurrent: Bool { pthread_getspecific(marker) != nil }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            queue.append(job)
            condition.signal()
        }
    }

    /// Ends the lane once the tasks it holds have run (a task that comes later would never run,
    /// so the caller stops it only after its tasks have ended).
    package func stop() {
        condition.withLock {
            stopping = true
            condition.signal()
        }
    }

    private func serve(cpu: Int?) {
        pthread_setspecific(Self.marker, UnsafeRawPointer(bitPattern: 1))
        if let cpu { CPUAffinity.restrict(to: [cpu]) }
        let executor = asUnownedTaskExecutor()
        while true {
            let jobs = condition.withLock { () -> [UnownedJob] in
                while queue.isEmpty && !stopping { condition.wait() }
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            if jobs.isEmpty { return }
            for job in jobs { job.runSynchronously(on: executor) }
        }
    }
}
