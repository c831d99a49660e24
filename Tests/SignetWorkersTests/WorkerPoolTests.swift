import Foundation
import SignetModel
import Testing

@testable import SignetWorkers

/// The pool's isolation mechanics, driven by tiny worker programs that misbehave on purpose
/// (a real Poppler hang is covered by the CLI tests on the corpus).
@Suite("Worker isolation")
struct WorkerPoolTests {
    let job = EngineJob.inspect(InspectRequest(path: "/tmp/some.pdf"))

    @Test("a worker that crashes fails only its job, with a classified error")
    func crash() async throws {
        let pool = WorkerPool(executable: try fakeWorker("kill -SEGV $$"), limits: .init(timeoutSeconds: 10, workers: 1))
        guard case .failed(let error) = await pool.run(job) else { Issue.record("expected a failure"); return }
        #expect(error.code == .workerCrashed)
        #expect(error.message.contains("/tmp/some.pdf"))
        // The pool is still usable: the next job gets a fresh worker (which crashes again).
        guard case .failed(let again) = await pool.run(job) else { Issue.record("expected a failure"); return }
        #expect(again.code == .workerCrashed)
    }

    @Test("a worker that hangs is killed at the time limit")
    func hang() async throws {
        let pool = WorkerPool(executable: try fakeWorker("exec sleep 600"), limits: .init(timeoutSeconds: 0.5, workers: 1))
        let started = Date()
        guard case .failed(let error) = await pool.run(job) else { Issue.record("expected a failure"); return }
        // `timeLimit` is only answered by the deadline (a worker that ended by itself is classified
        // by its exit), so it proves the kill; the wall clock seen by this task also includes
        // waiting for a cooperative thread while the rest of the suite keeps them busy, hence the
        // loose bound, far below the worker's own 600 s.
        #expect(error.code == .timeLimit)
        #expect(Date().timeIntervalSince(started) < 300)
    }

    @Test("an allocation failure is reported as the memory limit")
    func memory() async throws {
        let script = "echo 'GLib-ERROR **: failed to allocate 2147483648 bytes' >&2; kill -ABRT $$"
        let pool = WorkerPool(executable: try fakeWorker(script), limits: .init(timeoutSeconds: 10, memoryMB: 256, workers: 1))
        guard case .failed(let error) = await pool.run(job) else { Issue.record("expected a failure"); return }
        #expect(error.code == .memoryLimit)
        #expect(error.message.contains("256 MiB"))
    }

    @Test("a worker that answers garbage is replaced")
    func garbage() async throws {
        // A frame header announcing 5 bytes, then bytes that are not JSON.
        let pool = WorkerPool(
            executable: try fakeWorker("printf '\\000\\000\\000\\005hello'; sleep 5"), limits: .init(timeoutSeconds: 10, workers: 1))
        guard case .failed(let error) = await pool.run(job) else { Issue.record("expected a failure"); return }
        #expect(error.code == .internal)
    }

    @Test("prestart starts the pool's workers before any job, never more than its size, and shutdown stops them")
    func prestart() async throws {
        let log = NSTemporaryDirectory() + "prestart-\(UUID().uuidString).log"
        defer { unlink(log) }
        let pool = WorkerPool(executable: try fakeWorker("echo $$ >> \(log); exec sleep 30"), limits: .init(workers: 2))
        func started() -> [pid_t] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
        }
        pool.prestart()
        let deadline = Date().addingTimeInterval(5)
        while started().count < 2 && Date() < deadline { usleep(20_000) }
        #expect(started().count == 2)
        pool.prestart(5)
        usleep(300_000)
        #expect(started().count == 2)
        pool.shutdown()
        for pid in started() { #expect(kill(pid, 0) != 0) }
    }

    @Test("a worker inherits none of the caller's descriptors beyond stdin, stdout and stderr")
    func noInheritedDescriptors() async throws {
        // A descriptor opened without close-on-exec, as some libraries do.
        let leaky = open("/dev/null", O_RDONLY)
        defer { close(leaky) }
        let verdict = NSTemporaryDirectory() + "fds-\(UUID().uuidString).txt"
        defer { unlink(verdict) }
        let script = "if [ -e /proc/$$/fd/\(leaky) ]; then echo inherited > \(verdict); else echo closed > \(verdict); fi; kill -SEGV $$"
        let pool = WorkerPool(executable: try fakeWorker(script), limits: .init(timeoutSeconds: 10, workers: 1))
        _ = await pool.run(job)
        #expect(try String(contentsOfFile: verdict, encoding: .utf8) == "closed\n")
    }

    @Test("a missing worker executable is an error, not a crash")
    func missing() async {
        let pool = WorkerPool(executable: "/nonexistent/signet", limits: .init(timeoutSeconds: 1, workers: 1))
        guard case .failed = await pool.run(job) else { Issue.record("expected a failure"); return }
    }

    @Test("frames round-trip through a pipe")
    func frames() async throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let payload = Array("{\"hello\":\"wörld\"}".utf8)
        #expect(FramedPipe.write(payload, to: fds[1]))
        close(fds[1])
        guard case .frame(let got) = try FramedPipe.read(from: fds[0], deadline: .now + .seconds(2)) else {
            Issue.record("no frame")
            return
        }
        #expect(got == payload)
        guard case .endOfFile = try FramedPipe.read(from: fds[0], deadline: .now + .seconds(2)) else {
            Issue.record("expected end of file")
            return
        }
    }
}
