import Foundation
import SignetModel
import Testing

@testable import SignetWorkers

@Suite("CPU affinity")
struct CPUAffinityTests {
    final class Box<T>: @unchecked Sendable { var value: T? }

    /// Runs `body` on a thread of its own (pinning changes only the calling thread) and waits.
    func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.value = body()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    @Test("a thread pinned to one CPU reports it; widened again it reports none; impossible CPUs are refused")
    func pinning() {
        let cpus = CPUAffinity.current()
        #expect(!cpus.isEmpty)
        let (pinned, widened, refused) = onThread {
            let pinned = CPUAffinity.restrict(to: [cpus[0]]) ? CPUAffinity.pinned() : nil
            let widened = CPUAffinity.restrict(to: cpus) ? CPUAffinity.current() : []
            return (pinned, widened, CPUAffinity.restrict(to: [-1]) || CPUAffinity.restrict(to: [1 << 20]) || CPUAffinity.restrict(to: []))
        }
        #expect(pinned == cpus[0])
        #expect(widened == cpus)
        #expect(!refused)
        // Only that thread changed.
        #expect(CPUAffinity.current() == cpus)
    }

    @Test("a job run on a CPU asks the worker for that CPU; a job run anywhere, for none")
    func requestCarriesTheCPU() async throws {
        let captured = NSTemporaryDirectory() + "request-\(UUID().uuidString).json"
        defer { unlink(captured) }
        // A stand-in worker that keeps the request it is sent (4-byte big-endian length, then
        // the JSON), then crashes.
        let script = """
            len=$(dd bs=1 count=4 2>/dev/null | od -An -tu1 | awk '{print $1*16777216+$2*65536+$3*256+$4}')
            dd bs=1 count=$len of=\(captured) 2>/dev/null
            kill -SEGV $$
            """
        let path = try fakeWorker(script)
        defer { unlink(path) }
        let pool = WorkerPool(executable: path, limits: .init(timeoutSeconds: 10, workers: 1))
        let job = EngineJob.inspect(InspectRequest(path: "/tmp/some.pdf"))
        func sentCPU() throws -> Int? {
            let request = try JSONDecoder().decode(WorkerRequest.self, from: Data(contentsOf: URL(fileURLWithPath: captured)))
            return request.cpu
        }

        let cpu = CPUAffinity.current().last!
        _ = await pool.engine.placed(on: cpu).outcome(of: job)
        #expect(try sentCPU() == cpu)
        _ = await pool.engine.outcome(of: job)
        #expect(try sentCPU() == nil)
        // The pool's thread that talked to the pinned job may run anywhere again.
        _ = await pool.run(job, cpu: cpu)
        #expect(try sentCPU() == cpu)
    }
}
