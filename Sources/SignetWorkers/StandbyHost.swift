import CSignetStandby
import Foundation
import SignetModel

/// The standby engine's side (see `StandbyEngine`): `signet-engine standby --socket S
/// --idle-seconds N --private HOME` serves its socket until it has had no worker running for N
/// seconds, and gives each command that connects a worker of its own.
///
/// One thread does everything, so that a fork copies a whole, consistent process: it polls the
/// socket, the connections of its running workers, its spare's channel and a descriptor for
/// SIGCHLD. A command sends its worker's private folder with the worker's stdin, stdout, stderr
/// and working folder (SCM_RIGHTS); the worker takes them as its own and continues as a seed of
/// that command (`serve` returns in it), and the standby engine answers the worker's pid. When
/// the command's side of the connection closes (it ended, was killed, or stops its worker), the
/// worker is killed; when the worker has ended, its wait status is sent on the connection,
/// which is then closed.
///
/// The worker is the spare when one is ready: a process forked while no command was running,
/// which rehearsed the engine's jobs itself (so the memory it shares with the standby engine,
/// copied on first write, is already its own, as a warm worker's is) and waits, unconfined but
/// having read no document, for one command's files. Otherwise (a command while another runs)
/// the worker is forked for the command.
package struct StandbyHost {
    /// The most workers running at once; a command beyond them starts a worker of its own.
    private static let maxWorkers = 64
    /// The longest message taken (a `StandbyRequest`: a folder path and a few short lines).
    private static let maxMessage = Int(PATH_MAX) + 4096

    /// A worker forked ahead of its command (see the type's comment).
    private struct Spare {
        let pid: pid_t
        /// Our end of a socket pair: the spare writes a byte once it has rehearsed, then reads
        /// a command's message from it.
        let channel: Int32
        var ready = false
    }

    private let listener: Int32
    private let childSignals: Int32
    private let lock: Int32
    private let rehearse: () -> [(EngineJob, EngineOutcome)]
    /// Each running worker's connection.
    private var connections: [pid_t: Int32] = [:]
    /// The connections whose command may still end its worker (each to its worker).
    private var watched: [Int32: pid_t] = [:]
    private var spare: Spare?
    /// Spares that died before they were ready (their rehearsal crashed): after a few, commands
    /// get forked workers only, rather than a spare forked again after every crash.
    private var failedSpares = 0
    private static let maxFailedSpares = 3

    /// Serves `socket` (see the type's comment). Returns only in a worker, with the private
    /// folder its command sent; the standby engine itself exits when it is idle, or at once
    /// when another one already serves `socket`. `rehearse` (performing jobs of each kind,
    /// answering them with their outcomes) runs after the socket is bound (a command that
    /// connects meanwhile waits for it rather than starting an engine of its own), and again
    /// in each spare.
    package static func serve(socket: String, idleSeconds: Int, rehearse: @escaping () -> [(EngineJob, EngineOutcome)]) -> String {
        let place = StandbyEngine.Place(socket: socket)
        let lock = open(place.lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        // Two commands may start a standby engine at the same time: the one that holds the lock
        // serves, the other ends (its command had a worker of its own anyway).
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else { exit(0) }
        ftruncate(lock, 0)
        _ = "\(getpid())\n".withCString { write(lock, $0, strlen($0)) }
        ftruncate(2, 0)
        let listener = signet_standby_listen(socket)
        guard listener >= 0 else { fail("cannot listen at \(socket): \(String(cString: strerror(errno)))") }
        let childSignals = signet_standby_child_signals()
        guard childSignals >= 0 else {
            unlink(socket)
            fail("cannot watch its workers: \(String(cString: strerror(errno)))")
        }
        // A connection whose command is gone must not end this process when written to.
        signal(SIGPIPE, SIG_IGN)
        chdir("/")
        rehearseMessages(rehearse())
        // A fork copies only the thread that calls it: a library's thread still running (Pango
        // loads fontconfig on one) could hold a lock the workers would then wait for forever.
        guard WorkerLoop.awaitOneThread(within: .seconds(2)) else {
            unlink(socket)
            fail("a library's thread still runs after the warm-up; workers cannot be forked safely")
        }
        var host = StandbyHost(listener: listener, childSignals: childSignals, lock: lock, rehearse: rehearse)
        if let folder = host.run(idle: .seconds(idleSeconds)) { return folder }
        unlink(socket)
        exit(0)
    }

    private init(listener: Int32, childSignals: Int32, lock: Int32, rehearse: @escaping () -> [(EngineJob, EngineOutcome)]) {
        self.listener = listener
        self.childSignals = childSignals
        self.lock = lock
        self.rehearse = rehearse
    }

    /// The poll loop; returns in a worker with its private folder, or nil in this process once
    /// no worker has run for `idle` (its spare is then stopped).
    private mutating func run(idle: Duration) -> String? {
        var idleSince = ContinuousClock.now
        while true {
            // The next spare is made once no worker runs: its rehearsal then takes no CPU from one.
            if spare == nil && connections.isEmpty && failedSpares < Self.maxFailedSpares, let folder = makeSpare() { return folder }
            let busy = !connections.isEmpty
            let left = ContinuousClock.now.duration(to: idleSince + idle)
            if !busy && left <= .zero {
                if let spare { kill(spare.pid, SIGKILL) }
                return nil
            }
            var polled = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: childSignals, events: Int16(POLLIN), revents: 0),
            ]
            if let spare, !spare.ready { polled.append(pollfd(fd: spare.channel, events: Int16(POLLIN), revents: 0)) }
            polled += watched.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let timeout = !busy ? Int32(clamping: left.components.seconds * 1000 + 1) : -1
            guard poll(&polled, nfds_t(polled.count), timeout) > 0 else { continue }
            if polled[1].revents != 0 { reapWorkers() }
            for entry in polled.dropFirst(2) where entry.revents != 0 {
                if entry.fd == spare?.channel {
                    spareSpoke()
                } else if let pid = watched.removeValue(forKey: entry.fd) {
                    // The command closed its side (or wrote, which it never does): its worker ends.
                    kill(pid, SIGKILL)
                }
            }
            if polled[0].revents & Int16(POLLIN) != 0, let folder = admit() { return folder }
            // Idle time counts from the end of the last worker.
            if busy || !connections.isEmpty { idleSince = .now }
        }
    }

    /// Accepts one command and gives it a worker: returns the worker's private folder in the
    /// worker, nil here.
    private mutating func admit() -> String? {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return nil }
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        // A command sends its message at once; one that does not must not stall every other.
        var wait = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var message = [UInt8](repeating: 0, count: Self.maxMessage)
        // The worker's stdin, stdout, stderr and working folder.
        var fds: [Int32] = [-1, -1, -1, -1]
        var count: Int32 = 0
        let received =
            signet_standby_peer_uid(connection) == Int(getuid())
            ? signet_standby_receive(connection, &message, message.count, &fds, Int32(fds.count), &count) : -1
        message = Array(message.prefix(max(0, received)))
        guard received > 0, count == 4, let request = StandbyRequest(decoding: message), connections.count < Self.maxWorkers else {
            fds.prefix(Int(count)).forEach { close($0) }
            close(connection)
            return nil
        }
        let pid: pid_t
        if let ready = spare, ready.ready {
            spare = nil
            let sent = signet_standby_send(ready.channel, message, message.count, fds, Int32(fds.count))
            close(ready.channel)
            if sent == message.count {
                pid = ready.pid
            } else {
                kill(ready.pid, SIGKILL)
                pid = fork()
            }
        } else {
            pid = fork()
        }
        if pid == 0 {
            closeStandbyDescriptors(also: [connection])
            return becomeWorker(files: fds, request: request)
        }
        fds.forEach { close($0) }
        guard pid > 0, FramedPipe.write(Array(String(pid).utf8), to: connection) else {
            if pid > 0 { kill(pid, SIGKILL) }
            close(connection)
            return nil
        }
        connections[pid] = connection
        watched[connection] = pid
        return nil
    }

    /// Forks a spare: returns, in the spare, the private folder of the command it was given;
    /// nil here (and in a spare that was stopped before any command came, which exits).
    private mutating func makeSpare() -> String? {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else { return nil }
        let pid = fork()
        if pid == 0 {
            closeStandbyDescriptors(also: [pair[0]])
            Self.rehearseMessages(rehearse())
            _ = WorkerLoop.awaitOneThread(within: .seconds(2))
            var ready: UInt8 = 1
            var message = [UInt8](repeating: 0, count: Self.maxMessage)
            var fds: [Int32] = [-1, -1, -1, -1]
            var count: Int32 = 0
            // Closed without a command: the standby engine ended or gave up on this spare.
            guard write(pair[1], &ready, 1) == 1 else { _exit(0) }
            let received = signet_standby_receive(pair[1], &message, message.count, &fds, Int32(fds.count), &count)
            guard received > 0, count == 4 else { _exit(0) }
            close(pair[1])
            // The standby engine checked the request before it passed it on.
            guard let request = StandbyRequest(decoding: Array(message.prefix(received))) else { _exit(1) }
            return becomeWorker(files: fds, request: request)
        }
        close(pair[1])
        guard pid > 0 else {
            close(pair[0])
            return nil
        }
        spare = Spare(pid: pid, channel: pair[0])
        return nil
    }

    /// The spare wrote that it is ready, or its channel closed before (it died in its rehearsal:
    /// SIGCHLD reaps it).
    private mutating func spareSpoke() {
        guard let current = spare else { return }
        var byte: UInt8 = 0
        if read(current.channel, &byte, 1) == 1 {
            spare?.ready = true
        } else {
            failedSpares += 1
            kill(current.pid, SIGKILL)
            close(current.channel)
            spare = nil
        }
    }

    /// In a worker or spare, just forked: none of the standby engine's descriptors stays open
    /// in it, SIGCHLD and SIGPIPE act as in any process.
    private func closeStandbyDescriptors(also others: [Int32]) {
        ([listener, childSignals, lock] + others + Array(connections.values) + (spare.map { [$0.channel] } ?? [])).forEach { close($0) }
        signet_standby_unblock_child_signal()
        signal(SIGPIPE, SIG_DFL)
    }

    /// In the worker: the command's descriptors (stdin, stdout, stderr, working folder) become
    /// its own, and its process context the command's (`request`, which the standby engine
    /// checked): its home and temporary folder the command's private folder,
    /// which it answers, its file-creation mask, priority and resource limits.
    private func becomeWorker(files: [Int32], request: StandbyRequest) -> String {
        // The context first: once the command's descriptors are its own, the worker is the
        // command's in every respect anyone can see.
        request.apply()
        setenv("HOME", request.privateFolder, 1)
        setenv("TMPDIR", request.privateFolder, 1)
        fchdir(files[3])
        dup2(files[0], 0)
        dup2(files[1], 1)
        dup2(files[2], 2)
        files.forEach { close($0) }
        return request.privateFolder
    }

    /// Reaps every worker that ended and sends its command how; a spare that died is dropped.
    private mutating func reapWorkers() {
        signet_standby_drain_signals(childSignals)
        var status: Int32 = 0
        while case let pid = waitpid(-1, &status, WNOHANG), pid > 0 {
            if let current = spare, current.pid == pid {
                if !current.ready { failedSpares += 1 }
                close(current.channel)
                spare = nil
            }
            guard let connection = connections.removeValue(forKey: pid) else { continue }
            watched.removeValue(forKey: connection)
            _ = FramedPipe.write(Array(String(status).utf8), to: connection)
            close(connection)
        }
    }

    /// Encodes and decodes, once, each message a worker reads or writes for these jobs, as
    /// `WorkerSeed` and `WorkerLoop` do: the first decoding of a type looks up its metadata and
    /// conformances (a scan of the whole binary's), which each worker would otherwise repeat.
    private static func rehearseMessages(_ jobs: [(EngineJob, EngineOutcome)]) {
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let command = WorkerCommand(memoryMB: 1024, access: WorkerAccess(reading: ["/"], writing: ["/"]))
        if let frame = try? encoder.encode(command) { _ = try? decoder.decode(WorkerCommand.self, from: frame) }
        var kept: [StampField]?
        for (job, outcome) in jobs {
            var sent: [StampField]?
            if let frame = try? encoder.encode(WorkerRequest(job: job, cpu: nil, sent: &sent)),
                let request = try? decoder.decode(WorkerRequest.self, from: frame)
            {
                _ = request.job(keeping: &kept)
            }
            _ = try? encoder.encode(WorkerResponse(outcome: outcome, peakResidentKB: 0, milliseconds: 0))
        }
    }

    private static func fail(_ reason: String) -> Never {
        _ = "signet-engine standby: \(reason)\n".withCString { write(2, $0, strlen($0)) }
        exit(1)
    }
}
