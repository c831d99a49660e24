import CLinux
import Foundation
import SignetModel

/// One child process running `signet-engine worker ...` (or `seed`, see `WorkerSeed`): it owns
/// the child's pid, the two pipe ends and the child's private folder, and is the only code that
/// signals or reaps that child.
final class WorkerProcess {
    let pid: pid_t
    private let toChild: Int32
    private let fromChild: Int32
    private let stderrPath: String
    /// The worker's own empty folder (0700), its home and temporary folder, removed with it.
    let privateFolder: String
    /// The fields of the last stamp the child received whole, which it keeps for the next
    /// (see `WorkerRequest+StampFields.swift`); nil: none.
    var stampFields: [StampField]?
    private var reaped = false
    private static let spawnLock = NSLock()

    /// Starts a worker with an empty environment (see `environment`) and a private folder, whose
    /// path follows `arguments` as `--private FOLDER` (see `WorkerCommand`). Its stderr goes to a private file so a
    /// crash can be explained.
    init(executable: String, arguments: [String]) throws {
        let name = "signet-worker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        stderrPath = NSTemporaryDirectory() + name + ".log"
        privateFolder = NSTemporaryDirectory() + name
        guard mkdir(privateFolder, 0o700) == 0 else { throw Self.systemError("mkdir \(privateFolder)") }
        // Pipes are made close-on-exec and the child spawned under one lock, so no other
        // worker inherits these ends (a leaked write end would hide this worker's death).
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else {
            rmdir(privateFolder)
            throw Self.systemError("pipe")
        }
        guard pipe(&output) == 0 else {
            close(input[0]); close(input[1])
            rmdir(privateFolder)
            throw Self.systemError("pipe")
        }
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of ours reaches the worker: a descriptor some library opened without
        // close-on-exec (a socket, the database, a file being written) would otherwise stay open
        // in it for its whole life. A script being written, held open so by a worker, cannot be
        // executed (ETXTBSY) until that worker exits.
        _ = withUnsafeMutablePointer(to: &actions) { posix_spawn_file_actions_addclosefrom_np($0, 3) }
        let argv = ([executable] + arguments + ["--" + WorkerCommand.Flag.privateFolder, privateFolder]).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = Self.environment(privateFolder: privateFolder).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        var status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        // ETXTBSY: some other process forked while the executable was still open for writing
        // (a freshly written or upgraded binary) and has not reached its own exec yet. That
        // window is short, so a few short retries get through it.
        for _ in 0..<20 where status == ETXTBSY {
            usleep(20_000)
            status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        }
        close(input[0])
        close(output[1])
        guard status == 0 else {
            close(input[1]); close(output[0])
            rmdir(privateFolder)
            throw SignetError(.internal, "cannot start worker \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        toChild = input[1]
        fromChild = output[0]
    }

    /// Sends a seed (see `WorkerSeed`) the command it would have been started with; false when
    /// it is already gone (it is then reaped; its folder and log go when it is released).
    func confine(_ command: WorkerCommand) -> Bool {
        guard let frame = try? JSONEncoder().encode(command), FramedPipe.write(Array(frame), to: toChild) else {
            terminate()
            return false
        }
        return true
    }

    deinit {
        terminate()
        unlink(stderrPath)
        try? FileManager.default.removeItem(atPath: privateFolder)
    }

    /// A worker's whole environment: none of the parent's variables (they hold the SMTP and SMS
    /// credentials, the admin password, ...) except fontconfig's own, which an operator sets to
    /// choose the engine's fonts. HOME: glib and fontconfig look up the home folder (fontconfig
    /// for its user fonts and cache); without HOME glib reads the password database, and
    /// either way they would reach the real home, so it is the private folder. TMPDIR: any
    /// temporary file a library makes lands in the private folder too.
    static func environment(privateFolder: String) -> [String] {
        let passed = ["FONTCONFIG_FILE", "FONTCONFIG_PATH"].compactMap { name in
            ProcessInfo.processInfo.environment[name].map { "\(name)=\($0)" }
        }
        return ["HOME=\(privateFolder)", "TMPDIR=\(privateFolder)"] + passed
    }

    /// Sends one request and waits for its answer until `deadline`.
    func exchange(_ request: [UInt8], deadline: ContinuousClock.Instant) throws -> FramedPipe.ReadResult {
        guard FramedPipe.write(request, to: toChild) else { return .endOfFile }
        return try FramedPipe.read(from: fromChild, deadline: deadline)
    }

    /// Kills the child (if still running) and reaps it; returns how it ended.
    @discardableResult
    func terminate() -> Int32? {
        guard !reaped else { return nil }
        reaped = true
        close(toChild)
        close(fromChild)
        var status: Int32 = 0
        // A child that already exited is reaped at once; otherwise it is killed first.
        if waitpid(pid, &status, WNOHANG) == pid { return status }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    /// Reaps a child whose pipe closed, waiting briefly for it to finish dying.
    func reapAfterExit() -> Int32? {
        guard !reaped else { return nil }
        var status: Int32 = 0
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                close(toChild)
                close(fromChild)
                return status
            }
            usleep(5_000)
        }
        return terminate()
    }

    /// The last lines the child wrote to stderr (for classifying and logging a crash).
    func stderrTail(maxBytes: Int = 4096) -> String {
        guard let data = FileManager.default.contents(atPath: stderrPath) else { return "" }
        return String(decoding: data.suffix(maxBytes), as: UTF8.self)
    }

    private static func systemError(_ call: String) -> SignetError {
        SignetError(.internal, "\(call) failed: \(String(cString: strerror(errno)))")
    }
}

@available(*, unavailable)
extension WorkerProcess: Sendable {}
