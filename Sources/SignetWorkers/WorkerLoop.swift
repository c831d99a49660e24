import Foundation
import SignetModel

/// The worker side: reads requests from stdin, performs each with `handler`, answers on the
/// original stdout. Run by `signet-engine`.
package enum WorkerLoop {
    /// Serves requests until stdin closes. Confines itself to `access` first (see
    /// `WorkerSandbox`: Landlock applies to the calling thread and those it starts later, so it
    /// comes before any thread exists), applies the memory limit, and arranges to die with the
    /// parent so an orphaned worker never lingers. `warmUp` runs before the first request is
    /// read, on the thread that performs every job: a worker started ahead of time
    /// (`WorkerPool.prestart`) is ready by the time its first job comes. The seccomp filter
    /// follows the warm-up, before the first request: no document is read without it.
    /// `standby`: the worker was forked by the standby engine (the sandbox status says so).
    package static func serve(
        memoryMB: Int, access: WorkerAccess, standby: Bool = false, warmUp: () -> Void = {}, handler: (EngineJob) -> EngineOutcome
    ) -> Never {
        let threads = threadCount()
        let files = WorkerSandbox.confineFiles(access)
        watchParent()
        var limit = rlimit(rlim_cur: rlim_t(memoryMB) << 20, rlim_max: rlim_t(memoryMB) << 20)
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        // Keep the protocol channel private: anything a C library prints to stdout goes to
        // stderr instead of corrupting a frame.
        let channel = dup(1)
        dup2(2, 1)
        warmUp()
        let seccomp = WorkerSandbox.forbidEscapes()
        var notes = files.note.map { [$0] } ?? []
        if files.enforced && threads > 1 {
            notes.append("\(threads) threads ran before Landlock applied; it confines only the one that applied it")
        }
        if !seccomp { notes.append("the seccomp filter could not be loaded, so sockets and exec are not refused") }
        let sandbox = SandboxStatus(
            seccomp: seccomp, landlock: files.enforced && threads == 1, emptyEnvironment: WorkerSandbox.environmentIsEmpty,
            landlockABI: WorkerSandbox.landlockABI, notes: notes, standby: standby)
        // The CPUs this worker may use unless a request pins it to one (see `CPUAffinity`).
        let anywhere = CPUAffinity.current()
        var pinned: Int?
        // The fields of the last stamp received whole (see `WorkerRequest+StampFields.swift`).
        var stampFields: [StampField]?
        while true {
            guard case .frame(let bytes) = (try? FramedPipe.read(from: 0, deadline: nil)) ?? .endOfFile else { exit(0) }
            let started = ContinuousClock.now
            let outcome: EngineOutcome
            if let request = try? JSONDecoder().decode(WorkerRequest.self, from: Data(bytes)),
                let job = request.job(keeping: &stampFields)
            {
                if request.cpu != pinned, CPUAffinity.restrict(to: request.cpu.map { [$0] } ?? anywhere) { pinned = request.cpu }
                if case .probeSandbox(let probe) = job {
                    outcome = .sandboxProbed(SandboxProbe.run(probe, status: sandbox))
                } else {
                    outcome = handler(job)
                }
            } else {
                outcome = .failed(SignetError(.internal, "the worker could not read its request"))
            }
            let elapsed = ContinuousClock.now - started
            var usage = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            let response = WorkerResponse(
                outcome: outcome, peakResidentKB: Int(usage.ru_maxrss),
                milliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            guard let data = try? JSONEncoder().encode(response), FramedPipe.write(Array(data), to: channel) else { exit(1) }
        }
    }

    /// Waits until this process runs one thread only (a library's thread has ended); false if
    /// another still runs after `limit`.
    static func awaitOneThread(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while threadCount() > 1 {
            guard ContinuousClock.now < deadline else { return false }
            usleep(1_000)
        }
        return true
    }

    /// The threads of this process (from /proc): none but this one runs yet in a worker, whether
    /// started or a seed, and the sandbox status says so should one ever run.
    private static func threadCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
    }

    /// A worker stuck inside a C library never reads stdin again, so it would not notice its
    /// parent dying; a watchdog thread ends it when the parent changes.
    private static func watchParent() {
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { sleep(1) }
            _exit(0)
        }
    }
}
