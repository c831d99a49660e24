import Foundation
import Logging
import NIOPosix
import SignetModel

/// Runs engine jobs in isolated worker processes. A worker that crashes, hangs past the time
/// limit or runs out of memory is killed and replaced, and only its job fails, with a classified
/// error; the calling process never crashes or hangs because of a document.
///
/// `run` is asynchronous: a job waits for a free slot (at most `limits.workers` run at once)
/// without holding a thread, and its exchange with the worker, which blocks in poll(2) until
/// the worker answers, runs on the pool's own threads (`exchanges`), never on Swift's
/// cooperative ones; or, for a task running on a `WorkerLane`, on that lane.
package final class WorkerPool: @unchecked Sendable {
    private let executable: String
    private let limits: WorkerLimits
    private let command: WorkerCommand
    private let logger: Logger
    /// One thread per worker: a job never waits for a thread once it has a slot.
    private let exchanges: NIOThreadPool
    /// The CPUs the pool's threads may use when a job is not placed on one (see `CPUAffinity`).
    private let anywhere: [Int]
    // Guarded by `lock`.
    private let lock = NSLock()
    private var idle: [WorkerProcess] = []
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var peakKB = 0

    /// Creates a pool that starts `executable worker` processes on demand, each confined to
    /// `access` (see `WorkerSandbox`); by default a worker reaches no file beyond the system's.
    package init(
        executable: String, limits: WorkerLimits = .init(), access: WorkerAccess = .init(),
        logger: Logger = Logger(label: "signet.workers")
    ) {
        self.executable = executable
        self.limits = limits
        command = WorkerCommand(memoryMB: limits.memoryMB, access: access)
        self.logger = logger
        exchanges = NIOThreadPool(numberOfThreads: limits.workers)
        exchanges.start()
        anywhere = CPUAffinity.current()
        // A worker that dies while we write to it must not take this process down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    /// The pool as the engine of template and server code.
    package var engine: EngineRunner {
        EngineRunner { job, cpu in await self.run(job, cpu: cpu) }
    }

    /// The highest peak resident memory any worker reported, in KiB.
    package var peakResidentKB: Int {
        lock.withLock { peakKB }
    }

    /// Starts idle workers now, up to `count` (at most the pool's size), so their start-up (the
    /// process launch and the engine's warm-up) overlaps the caller's own preparation instead
    /// of delaying the first jobs. A worker that cannot start is left to `run`, which starts
    /// one on demand and reports why it cannot.
    package func prestart(_ count: Int? = nil) {
        let missing = lock.withLock { min(count ?? limits.workers, limits.workers) - idle.count - running }
        guard missing > 0 else { return }
        let started = (0..<missing).compactMap { _ in
            try? WorkerProcess(executable: executable, arguments: command.arguments)
        }
        lock.withLock { idle.append(contentsOf: started) }
    }

    /// Makes a seed (see `WorkerSeed`) one of this pool's idle workers, confined to the pool's
    /// access like a worker it starts itself; a seed that is gone is dropped, and the pool starts
    /// a worker on demand as usual.
    package func adopt(_ seed: WorkerSeed) {
        guard seed.process.confine(command) else { return }
        lock.withLock { idle.append(seed.process) }
    }

    /// Runs `job` in a worker and answers its outcome; never throws for a document's sake. With
    /// `cpu`, the worker performs the job on that CPU, and the pool's thread talking to it waits
    /// there too (a batch keeps each of its job slots on a CPU of its own).
    package func run(_ job: EngineJob, cpu: Int? = nil) async -> EngineOutcome {
        await acquireSlot()
        defer { releaseSlot() }
        // A lane is a thread the caller gave its jobs: the exchange may block it (no hop).
        if WorkerLane.isCurrent { return exchange(job, cpu: cpu) }
        do {
            return try await exchanges.runIfActive { self.exchange(job, cpu: cpu) }
        } catch {
            return .failed(SignetError(.internal, "the worker pool is stopped: \(error)"))
        }
    }

    /// Stops every idle worker (busy ones stop when their job ends and the pool is gone).
    package func shutdown() {
        let workers = lock.withLock {
            defer { idle.removeAll() }
            return idle
        }
        workers.forEach { $0.terminate() }
    }

    deinit {
        idle.forEach { $0.terminate() }
        exchanges.shutdownGracefully { _ in }
    }

    /// Waits, without holding a thread, until fewer than `limits.workers` jobs run.
    private func acquireSlot() async {
        // A free slot is taken at once: no suspension, so a batch's rows pay no extra hop.
        if takeFreeSlot() { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = lock.withLock { () -> Bool in
                guard running < limits.workers else {
                    waiting.append(continuation)
                    return false
                }
                running += 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    /// Takes a slot if one is free.
    private func takeFreeSlot() -> Bool {
        lock.withLock {
            guard running < limits.workers else { return false }
            running += 1
            return true
        }
    }

    /// Hands the slot to the longest-waiting job, or frees it.
    private func releaseSlot() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard !waiting.isEmpty else {
                running -= 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }

    /// One job's exchange with a worker, on a thread of `exchanges` or a lane; the caller holds a slot, so
    /// an idle worker is taken or a new one may start.
    private func exchange(_ job: EngineJob, cpu: Int?) -> EngineOutcome {
        place(on: cpu)
        let worker: WorkerProcess
        if let reusable = lock.withLock({ idle.popLast() }) {
            worker = reusable
        } else {
            do {
                worker = try WorkerProcess(executable: executable, arguments: command.arguments)
            } catch {
                return .failed(error as? SignetError ?? SignetError(.internal, "\(error)"))
            }
        }
        let request: [UInt8]
        do {
            request = Array(try JSONEncoder().encode(WorkerRequest(job: job, cpu: cpu, sent: &worker.stampFields)))
        } catch {
            worker.stampFields = nil
            keep(worker)
            return .failed(SignetError(.internal, "cannot encode the job: \(error)"))
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(limits.timeoutSeconds * 1000))
        let answer: FramedPipe.ReadResult
        do {
            answer = try worker.exchange(request, deadline: deadline)
        } catch {
            worker.terminate()
            return .failed(error as? SignetError ?? SignetError(.internal, "\(error)"))
        }
        switch answer {
        case .frame(let bytes):
            guard let response = try? JSONDecoder().decode(WorkerResponse.self, from: Data(bytes)) else {
                worker.terminate()
                return .failed(SignetError(.internal, "the worker sent an unreadable answer for \(job.name)"))
            }
            lock.withLock { peakKB = max(peakKB, response.peakResidentKB) }
            // A failed job may have left the worker without the fields it was sent (a request
            // it could not read): its next stamp sends them whole.
            if case .failed = response.outcome { worker.stampFields = nil }
            keep(worker)
            return response.outcome
        case .timedOut:
            worker.terminate()
            logger.warning("worker killed after time limit", metadata: ["job": "\(job.name)", "file": "\(job.inputPath)"])
            return .failed(
                SignetError(.timeLimit, "\(job.inputPath): \(job.name) took longer than \(limits.timeoutSeconds) s and was stopped"))
        case .endOfFile:
            let status = worker.reapAfterExit()
            let failure = WorkerFailure.classify(status: status, stderr: worker.stderrTail(), job: job, memoryMB: limits.memoryMB)
            logger.error("worker died", metadata: ["job": "\(job.name)", "file": "\(job.inputPath)", "error": "\(failure)"])
            return .failed(failure)
        }
    }

    /// Returns a worker that may take another job to the idle ones.
    private func keep(_ worker: WorkerProcess) {
        lock.withLock { idle.append(worker) }
    }

    /// Keeps the calling thread (one of `exchanges`) on `cpu`, or lets it run anywhere again.
    private func place(on cpu: Int?) {
        let current = CPUAffinity.pinned()
        if let cpu {
            if current != cpu { CPUAffinity.restrict(to: [cpu]) }
        } else if current != nil, anywhere.count > 1 {
            CPUAffinity.restrict(to: anywhere)
        }
    }
}
