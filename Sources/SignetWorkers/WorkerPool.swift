import Foundation
import Logging
import SignetModel

/// Runs engine jobs in isolated worker processes. A worker that crashes, hangs past the time
/// limit or runs out of memory is killed and replaced, and only its job fails, with a classified
/// error; the calling process never crashes or hangs because of a document.
///
/// `run` blocks the calling thread until the job ends, and at most `limits.workers` jobs run at
/// once; callers on Swift concurrency should call it from a thread of their own.
public final class WorkerPool: @unchecked Sendable {
    private let executable: String
    private let limits: WorkerLimits
    private let access: WorkerAccess
    private let logger: Logger
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [WorkerProcess] = []
    private var running = 0
    private var peakKB = 0

    /// Creates a pool that starts `executable worker` processes on demand, each confined to
    /// `access` (see `WorkerSandbox`); by default a worker reaches no file beyond the system's.
    public init(
        executable: String, limits: WorkerLimits = .init(), access: WorkerAccess = .init(),
        logger: Logger = Logger(label: "signet.workers")
    ) {
        self.executable = executable
        self.limits = limits
        self.access = access
        self.logger = logger
        // A worker that dies while we write to it must not take this process down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    /// The highest peak resident memory any worker reported, in KiB.
    public var peakResidentKB: Int {
        condition.lock()
        defer { condition.unlock() }
        return peakKB
    }

    /// Starts idle workers now, up to `count` (at most the pool's size), so their start-up (the
    /// process launch and the engine's warm-up) overlaps the caller's own preparation instead
    /// of delaying the first jobs. A worker that cannot start is left to `run`, which starts
    /// one on demand and reports why it cannot.
    public func prestart(_ count: Int? = nil) {
        condition.lock()
        let missing = min(count ?? limits.workers, limits.workers) - idle.count - running
        condition.unlock()
        guard missing > 0 else { return }
        let started = (0..<missing).compactMap { _ in
            try? WorkerProcess(executable: executable, arguments: workerArguments)
        }
        condition.lock()
        idle.append(contentsOf: started)
        condition.signal()
        condition.unlock()
    }

    /// Runs `job` in a worker and returns its outcome; never throws for a document's sake. When
    /// the calling thread is pinned to one CPU, the worker runs the job on that CPU too.
    public func run(_ job: EngineJob) -> EngineOutcome {
        let worker: WorkerProcess
        do {
            worker = try checkOut()
        } catch {
            return .failed(error as? SignetError ?? SignetError(.internal, "\(error)"))
        }
        let request: [UInt8]
        do {
            request = Array(try JSONEncoder().encode(WorkerRequest(job: job, cpu: CPUAffinity.pinned())))
        } catch {
            checkIn(worker)
            return .failed(SignetError(.internal, "cannot encode the job: \(error)"))
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(limits.timeoutSeconds * 1000))
        let answer: FramedPipe.ReadResult
        do {
            answer = try worker.exchange(request, deadline: deadline)
        } catch {
            worker.terminate()
            checkIn(nil)
            return .failed(error as? SignetError ?? SignetError(.internal, "\(error)"))
        }
        switch answer {
        case .frame(let bytes):
            guard let response = try? JSONDecoder().decode(WorkerResponse.self, from: Data(bytes)) else {
                worker.terminate()
                checkIn(nil)
                return .failed(SignetError(.internal, "the worker sent an unreadable answer for \(job.name)"))
            }
            record(peak: response.peakResidentKB)
            checkIn(worker)
            return response.outcome
        case .timedOut:
            worker.terminate()
            checkIn(nil)
            logger.warning("worker killed after time limit", metadata: ["job": "\(job.name)", "file": "\(job.inputPath)"])
            return .failed(
                SignetError(.timeLimit, "\(job.inputPath): \(job.name) took longer than \(limits.timeoutSeconds) s and was stopped"))
        case .endOfFile:
            let status = worker.reapAfterExit()
            let failure = WorkerFailure.classify(status: status, stderr: worker.stderrTail(), job: job, memoryMB: limits.memoryMB)
            checkIn(nil)
            logger.error("worker died", metadata: ["job": "\(job.name)", "file": "\(job.inputPath)", "error": "\(failure)"])
            return .failed(failure)
        }
    }

    /// Stops every idle worker (busy ones stop when their job ends and the pool is gone).
    public func shutdown() {
        condition.lock()
        let workers = idle
        idle.removeAll()
        condition.unlock()
        workers.forEach { $0.terminate() }
    }

    deinit { idle.forEach { $0.terminate() } }

    private func checkOut() throws -> WorkerProcess {
        condition.lock()
        while idle.isEmpty && running >= limits.workers { condition.wait() }
        running += 1
        let reusable = idle.popLast()
        condition.unlock()
        if let reusable { return reusable }
        do {
            return try WorkerProcess(executable: executable, arguments: workerArguments)
        } catch {
            checkIn(nil)
            throw error
        }
    }

    private var workerArguments: [String] {
        ["worker", "--memory-mb", String(limits.memoryMB)] + access.arguments
    }

    /// Returns a slot to the pool; `nil` means the worker is gone and a fresh one starts on demand.
    private func checkIn(_ worker: WorkerProcess?) {
        condition.lock()
        running -= 1
        if let worker { idle.append(worker) }
        condition.signal()
        condition.unlock()
    }

    private func record(peak: Int) {
        condition.lock()
        peakKB = max(peakKB, peak)
        condition.unlock()
    }
}
