import Foundation
import Logging
import ServiceLifecycle
import SignetModel
import Testing

@testable import SignetWorkers

/// The pool's side of the worker contract and its place in a service group.
@Suite("Worker command and lifecycle")
struct WorkerCommandTests {
    @Test("the pool starts workers with WorkerCommand's subcommand and flags, the private folder last")
    func command() throws {
        let command = WorkerCommand(memoryMB: 256, access: WorkerAccess(reading: ["/in", "/more"], writing: ["/out"]))
        #expect(command.arguments == ["worker", "--memory-mb", "256", "--read", "/in", "--read", "/more", "--write", "/out"])
        let log = NSTemporaryDirectory() + "arguments-\(UUID().uuidString).txt"
        defer { unlink(log) }
        var worker: WorkerProcess? = try WorkerProcess(
            executable: try fakeWorker("echo \"$@\" > \(log).part; mv \(log).part \(log); exec sleep 30"), arguments: command.arguments)
        let folder = try #require(worker?.privateFolder)
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: log) && Date() < deadline { usleep(20_000) }
        let seen = try String(contentsOfFile: log, encoding: .utf8)
        #expect(seen == (command.arguments + ["--private", folder]).joined(separator: " ") + "\n")
        worker = nil
    }

    @Test("signet-engine reads back exactly the command line the pool writes, and nothing else")
    func parse() {
        let command = WorkerCommand(memoryMB: 256, access: WorkerAccess(reading: ["/in", "/more"], writing: ["/out"]))
        let started = WorkerCommand.parse(command.arguments + ["--private", "/tmp/w"])
        #expect(started?.start == .worker(command))
        #expect(started?.privateFolder == "/tmp/w")
        let seed = WorkerCommand.parse([WorkerCommand.seedName, "--private", "/tmp/s"])
        #expect(seed?.start == .seed)
        #expect(seed?.privateFolder == "/tmp/s")
        let standby = WorkerCommand.parse([
            WorkerCommand.standbyName, "--socket", "/run/s.sock", "--idle-seconds", "300", "--private", "/run/s.home",
        ])
        #expect(standby?.start == .standby(socket: "/run/s.sock", idleSeconds: 300))
        #expect(standby?.privateFolder == "/run/s.home")
        for refused in [
            [], ["serve"], ["worker", "--memory-mb"], ["worker", "--memory-mb", "lots"], ["worker", "--memory-mb", "0"],
            ["worker", "--exec", "/bin/sh"], ["seed", "--read", "/"], ["seed", "--memory-mb", "64"],
            ["standby", "--socket", "/s"], ["standby", "--idle-seconds", "5"], ["standby", "--socket", "/s", "--idle-seconds", "0"],
            ["standby", "--socket", "/s", "--idle-seconds", "5", "--read", "/"], ["worker", "--socket", "/s"],
        ] {
            #expect(WorkerCommand.parse(refused) == nil, "\(refused)")
        }
    }

    @Test("the standby engine reads back exactly the request a command writes, and nothing else")
    func standbyRequest() {
        let request = StandbyRequest.current(privateFolder: "/tmp/signet-worker-1-2")
        #expect(request.limits.count >= 16)
        let message = try? #require(request.encoded)
        #expect(message.flatMap(StandbyRequest.init(decoding:)) == request)
        #expect(StandbyRequest(privateFolder: "relative", fileMask: 0o22, niceness: 0, limits: []).encoded == nil)
        #expect(StandbyRequest(privateFolder: "/a\nlimit=4 0 0", fileMask: 0o22, niceness: 0, limits: []).encoded == nil)
        for refused in [
            "", "folder=/w", "folder=/w\numask=18", "folder=w\numask=18\nnice=0", "folder=/w\numask=4096\nnice=0",
            "folder=/w\numask=18\nnice=0\nlimit=4 0", "folder=/w\numask=18\nnice=0\nexec=/bin/sh", "folder=/w\nfolder=/v\numask=18\nnice=0",
            "folder=/w\numask=18\nnice=0\n",
        ] {
            #expect(StandbyRequest(decoding: Array(refused.utf8)) == nil, "\(refused)")
        }
    }

    @Test("a pool's worker starts with no signal blocked, though the pool's threads block them all")
    func signalMask() async throws {
        let log = NSTemporaryDirectory() + "mask-\(UUID().uuidString).log"
        defer { unlink(log) }
        // Read by the shell itself: a command it forks would see the mask the shell holds while
        // it forks (every signal blocked), not the one it was started with.
        let script = "while read -r key value; do [ \"$key\" = SigBlk: ] && echo \"$key $value\" > \(log); done < /proc/$$/status"
        let pool = WorkerPool(executable: try fakeWorker(script), limits: .init(timeoutSeconds: 10))
        _ = await pool.run(.inspect(InspectRequest(path: "/tmp/some.pdf")))
        let line = try String(contentsOfFile: log, encoding: .utf8)
        #expect(line.trimmingCharacters(in: .whitespacesAndNewlines) == "SigBlk: 0000000000000000", "\(line)")
    }

    @Test("more jobs than workers wait for a slot: never more workers alive than the pool's size")
    func slots() async throws {
        let log = NSTemporaryDirectory() + "slots-\(UUID().uuidString).log"
        defer { unlink(log) }
        // Each worker notes its start, stays a moment, then crashes (failing its one job).
        let pool = WorkerPool(
            executable: try fakeWorker("echo start >> \(log); sleep 0.3; echo end >> \(log); kill -SEGV $$"),
            limits: .init(timeoutSeconds: 10, workers: 2))
        let job = EngineJob.inspect(InspectRequest(path: "/tmp/some.pdf"))
        let outcomes = await withTaskGroup(of: EngineOutcome.self) { group in
            for _ in 0..<5 { group.addTask { await pool.run(job) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 5)
        #expect(outcomes.allSatisfy { if case .failed(let e) = $0 { e.code == .workerCrashed } else { false } })
        var alive = 0
        var most = 0
        for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            alive += line == "start" ? 1 : -1
            most = max(most, alive)
        }
        #expect(most == 2)
    }

    @Test("a graceful shutdown of the service group stops the pool's workers")
    func gracefulShutdown() async throws {
        let log = NSTemporaryDirectory() + "lifecycle-\(UUID().uuidString).log"
        defer { unlink(log) }
        let pool = WorkerPool(executable: try fakeWorker("echo $$ >> \(log); exec sleep 30"), limits: .init(workers: 2))
        func started() -> [pid_t] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
        }
        pool.prestart()
        let deadline = Date().addingTimeInterval(5)
        while started().count < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(started().count == 2)
        let group = ServiceGroup(
            configuration: .init(services: [WorkerPoolService(pool)], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        for pid in started() { #expect(kill(pid, 0) != 0) }
    }
}
