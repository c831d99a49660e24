import CLinux
import CSignetStandby
import Foundation
import SignetModel

/// One worker process running `signet-engine worker ...` (or a seed, see `WorkerSeed`): it owns
/// the worker's pid, the two pipe ends and the worker's private folder, and is the only code
/// that signals or reaps that worker. The worker is this process's child, or the standby
/// engine's (see `StandbyEngine`), which then kills and reaps it for us.
final class WorkerProcess {
    /// The worker's pid (0 for a standby engine's worker until `confine` has read it).
    private(set) var pid: pid_t
    private let toChild: Int32
    private let fromChild: Int32
    private let stderrPath: String
    /// The worker's own empty folder (0700), its home and temporary folder, removed with it.
    let privateFolder: String
    /// The fields of the last stamp the child received whole, which it keeps for the next
    /// (see `WorkerRequest+StampFields.swift`); nil: none.
    var stampFields: [StampField]?
    /// The connection to the standby engine that forked the worker; nil: the worker is our child.
    private let standby: Int32?
    private var reaped = false
    private static let spawnLock = NSLock()

    /// Starts a worker with an empty environment (see `environment`) and a private folder, whose
    /// path follows `arguments` as `--private FOLDER` (see `WorkerCommand`). Its stderr goes to a private file so a
    /// crash can be explained.
    init(executable: String, arguments: [String]) throws {
        (stderrPath, privateFolder) = try Self.makeFolder()
        // Pipes are made close-on-exec and the child spawned under one lock, so no other
        // worker inherits these ends (a leaked write end would hide this worker's death).
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        let (input, output) = try Self.makePipes(privateFolder: privateFolder)
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
        // A pool spawns from its own threads, which block every signal, and a spawned process
        // keeps its parent thread's mask: the worker starts with none blocked, so that SIGTERM
        // (an operator's `pkill signet-engine`) and SIGSEGV act on it as on any process.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        var status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        // ETXTBSY: some other process forked while the executable was still open for writing
        // (a freshly written or upgraded binary) and has not reached its own exec yet. That
        // window is short, so a few short retries get through it.
        for _ in 0..<20 where status == ETXTBSY {
            usleep(20_000)
            status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
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
        standby = nil
    }

    /// Has the standby engine listening at `socket` fork a worker (see `StandbyHost`): a seed,
    /// warm, with this worker's private folder, these pipes and stderr file as its own, in this
    /// process's working folder, with its file-creation mask, priority and resource limits (see
    /// `StandbyRequest`). Throws when there is no standby engine there; one that does
    /// not fork the worker after all (it was ending, or has too many) is found by `confine`.
    init(standby socket: String) throws {
        let (stderrPath, privateFolder) = try Self.makeFolder()
        self.stderrPath = stderrPath
        self.privateFolder = privateFolder
        guard let message = StandbyRequest.current(privateFolder: privateFolder).encoded else {
            rmdir(privateFolder)
            throw SignetError(.internal, "the worker folder \(privateFolder) cannot be sent to the standby engine")
        }
        let connection = signet_standby_connect(socket)
        guard connection >= 0 else {
            rmdir(privateFolder)
            throw Self.systemError("connect \(socket)")
        }
        func fail(_ error: SignetError, closing ends: [Int32]) -> SignetError {
            (ends + [connection]).forEach { close($0) }
            unlink(stderrPath)
            rmdir(privateFolder)
            return error
        }
        // The folder is this user's alone, so this holds anyway; a second lock costs nothing.
        guard signet_standby_peer_uid(connection) == Int(getuid()) else {
            throw fail(SignetError(.internal, "the standby engine at \(socket) runs as another user"), closing: [])
        }
        let (input, output) = try Self.makePipes(privateFolder: privateFolder)
        let log = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw fail(Self.systemError("open \(stderrPath)"), closing: input + output) }
        // The worker works in this process's folder, as a spawned one would: relative paths
        // mean the same to both.
        let workingFolder = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard workingFolder >= 0 else { throw fail(Self.systemError("open ."), closing: input + output + [log]) }
        let passed = [input[0], output[1], log, workingFolder]
        let sent = passed.withUnsafeBufferPointer { fds in
            signet_standby_send(connection, message, message.count, fds.baseAddress, Int32(fds.count))
        }
        passed.forEach { close($0) }
        guard sent == message.count else {
            throw fail(
                SignetError(.internal, "the standby engine at \(socket) did not take the worker's files"), closing: [input[1], output[0]])
        }
        // Its pid follows once it has forked; `confine` reads it (the command parses its
        // arguments meanwhile).
        pid = 0
        toChild = input[1]
        fromChild = output[0]
        standby = connection
    }

    /// This process's temporary folder, with a trailing slash, as `NSTemporaryDirectory` has it
    /// (which builds a URL, on a command's critical path).
    private static let temporaryFolder: String = {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return folder.hasSuffix("/") ? folder : folder + "/"
    }()

    /// The worker's stderr file and private folder (0700, made), under this process's
    /// temporary folder.
    private static func makeFolder() throws -> (stderrPath: String, privateFolder: String) {
        let name = "signet-worker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let folder = temporaryFolder + name
        guard mkdir(folder, 0o700) == 0 else { throw Self.systemError("mkdir \(folder)") }
        return (temporaryFolder + name + ".log", folder)
    }

    /// The worker's stdin and stdout pipes, close-on-exec; the folder is removed if they cannot
    /// be made.
    private static func makePipes(privateFolder: String) throws -> (input: [Int32], output: [Int32]) {
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
        return (input, output)
    }

    /// Sends a seed (see `WorkerSeed`) the command it would have been started with; false when
    /// it is already gone, or the standby engine did not fork it within a second (it is then
    /// stopped; its folder and log go when it is released).
    func confine(_ command: WorkerCommand) -> Bool {
        if let standby {
            guard case .frame(let answer) = (try? FramedPipe.read(from: standby, deadline: .now + .seconds(1))) ?? .endOfFile,
                let child = pid_t(String(decoding: answer, as: UTF8.self)), child > 0
            else {
                terminate()
                return false
            }
            pid = child
        }
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
        let passed = passedEnvironment.compactMap { name in
            getenv(name).map { "\(name)=\(String(cString: $0))" }
        }
        return ["HOME=\(privateFolder)", "TMPDIR=\(privateFolder)"] + passed
    }

    /// The variables of ours a worker's environment keeps (see `environment`).
    static let passedEnvironment = ["FONTCONFIG_FILE", "FONTCONFIG_PATH"]

    /// Sends one request and waits for its answer until `deadline`.
    func exchange(_ request: [UInt8], deadline: ContinuousClock.Instant) throws -> FramedPipe.ReadResult {
        guard FramedPipe.write(request, to: toChild) else { return .endOfFile }
        return try FramedPipe.read(from: fromChild, deadline: deadline)
    }

    /// Kills the child (if still running) and reaps it; returns how it ended (nil for a standby
    /// engine's worker: the engine reaps it).
    @discardableResult
    func terminate() -> Int32? {
        guard !reaped else { return nil }
        reaped = true
        close(toChild)
        close(fromChild)
        if let standby {
            // The standby engine kills its worker once our side of the connection closes, and
            // reaps it: nothing to wait for here.
            close(standby)
            return nil
        }
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
        if let standby {
            guard let status = Self.status(from: standby, within: .seconds(1)) else { return terminate() }
            reaped = true
            close(toChild)
            close(fromChild)
            close(standby)
            return status
        }
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

    /// The wait status the standby engine reports for its worker; nil if none comes in time.
    private static func status(from standby: Int32, within limit: Duration) -> Int32? {
        guard case .frame(let answer) = (try? FramedPipe.read(from: standby, deadline: .now + limit)) ?? .endOfFile else {
            return nil
        }
        return Int32(String(decoding: answer, as: UTF8.self))
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
