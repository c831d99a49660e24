import CLinux
import Foundation
import SignetModel

/// A worker forked, not started: a one-document command (`signet stamp`) forks its worker at its
/// very start, before it has parsed its arguments, read its inputs or started a thread, instead
/// of starting `signet worker` as a second process once it knows the job. The fork skips a second
/// process start (loading and linking the binary and its libraries, the Swift runtime's set-up).
///
/// The child then becomes exactly what `signet worker` is, with the same protection:
/// - it keeps nothing of its parent that an exec would have dropped: the strings of the parent's
///   arguments and environment are overwritten with zeros (nothing has copied them yet), its
///   environment is the one `WorkerProcess.environment` gives a started worker, and every
///   descriptor but its two pipes and its stderr file is closed;
/// - it warms the engine up while its parent parses its arguments (fonts and Pango's shaper: the
///   system's files only, no document), then waits for the `WorkerCommand` its pool would have
///   started it with (the memory limit and the folders it may reach; as JSON, so the child does
///   not parse a command line), then confines itself with it exactly as a started worker does
///   (`WorkerLoop.serve`: Landlock, the memory limit, seccomp), before it reads any request,
///   hence before it sees any document. Pango loads fontconfig in a thread of its own, and a
///   thread running when Landlock applies is not confined by it: that thread ends as soon as
///   it starts (the warm-up loaded fontconfig first), and `WorkerLoop` confines the worker once
///   it is the only thread left (its sandbox status says so when it is not).
///
/// A seed its command never uses reads the end of its pipe when the command exits, and exits.
package final class WorkerSeed: @unchecked Sendable {
    let pid: pid_t
    let toChild: Int32
    let fromChild: Int32
    let stderrPath: String
    let privateFolder: String

    private init(pid: pid_t, toChild: Int32, fromChild: Int32, stderrPath: String, privateFolder: String) {
        self.pid = pid
        self.toChild = toChild
        self.fromChild = fromChild
        self.stderrPath = stderrPath
        self.privateFolder = privateFolder
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var planted: WorkerSeed?

    /// The seed `plant` made, once: the first pool of the command adopts it (`WorkerPool.adopt`).
    package static func take() -> WorkerSeed? {
        lock.withLock {
            defer { planted = nil }
            return planted
        }
    }

    /// Forks the seed, to be taken later by `take`. The child waits for its worker command and
    /// gives it to `serve` with its private folder (`serve` does what `signet worker` does with
    /// them, and never returns). Forks nothing when this process already runs a second thread (a
    /// fork copies only the calling thread, whatever locks the others hold) or a system call
    /// fails: the pool then starts its worker as a process of its own. The child first runs
    /// `prepare`, while its parent parses its arguments: work that needs no document and reads
    /// only the system's files; a thread it starts must end by itself (a thread still running
    /// when Landlock applies escapes it).
    package static func plant(prepare: () -> Void, serve: (WorkerCommand, String) -> Never) {
        guard threadCount() == 1 else { return }
        let temporary = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let name = "signet-worker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let privateFolder = temporary + "/" + name
        let stderrPath = privateFolder + ".log"
        guard mkdir(privateFolder, 0o700) == 0 else { return }
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe2(&input, O_CLOEXEC) == 0 else {
            rmdir(privateFolder)
            return
        }
        guard pipe2(&output, O_CLOEXEC) == 0 else {
            close(input[0]); close(input[1])
            rmdir(privateFolder)
            return
        }
        // Started with a standard descriptor closed, a pipe end would be one of them: not worth a
        // special case for a start-up shortcut.
        guard (input + output).allSatisfy({ $0 > 2 }) else {
            (input + output).forEach { close($0) }
            rmdir(privateFolder)
            return
        }
        // Read before the environment is overwritten: the one setting a worker keeps.
        let environment = WorkerProcess.environment(privateFolder: privateFolder) { getenv($0).map { String(cString: $0) } }
        let child = fork()
        if child == 0 {
            grow(
                input: input[0], channel: output[1], stderrPath: stderrPath, privateFolder: privateFolder, environment: environment,
                prepare: prepare, serve: serve)
        }
        close(input[0])
        close(output[1])
        guard child > 0 else {
            close(input[1]); close(output[0])
            rmdir(privateFolder)
            return
        }
        let seed = WorkerSeed(pid: child, toChild: input[1], fromChild: output[0], stderrPath: stderrPath, privateFolder: privateFolder)
        lock.withLock { planted = seed }
        // A command that ends before it takes its seed (a bad argument, `--help`) leaves nothing
        // behind: the child reads the end of its pipe and exits, its folder and log go now.
        atexit {
            guard let seed = WorkerSeed.take() else { return }
            close(seed.toChild)
            close(seed.fromChild)
            unlink(seed.stderrPath)
            rmdir(seed.privateFolder)
        }
    }

    /// The child's side, up to `signet worker`.
    private static func grow(
        input: Int32, channel: Int32, stderrPath: String, privateFolder: String, environment: [String],
        prepare: () -> Void, serve: (WorkerCommand, String) -> Never
    ) -> Never {
        signet_scrub_arguments_and_environment(CommandLine.argc, CommandLine.unsafeArgv)
        clearenv()
        for entry in environment { putenv(strdup(entry)) }
        let log = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard log >= 0, signet_seed_descriptors(input, channel, log) == 0 else { _exit(1) }
        // The answer channel becomes stdout, where `WorkerLoop` expects it.
        guard dup2(3, 1) == 1 else { _exit(1) }
        close(3)
        prepare()
        guard case .frame(let bytes) = (try? FramedPipe.read(from: 0, deadline: nil)) ?? .endOfFile,
            let command = try? JSONDecoder().decode(WorkerCommand.self, from: Data(bytes))
        else { _exit(0) }
        serve(command, privateFolder)
    }

    /// The threads of this process, from /proc/self/task (0 when it cannot be read).
    private static func threadCount() -> Int {
        guard let folder = opendir("/proc/self/task") else { return 0 }
        defer { closedir(folder) }
        var count = 0
        while let entry = readdir(folder) {
            if UInt8(bitPattern: entry.pointee.d_name.0) != UInt8(ascii: ".") { count += 1 }
        }
        return count
    }
}
