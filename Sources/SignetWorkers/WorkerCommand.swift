/// The command line of a worker process, `signet-engine worker --memory-mb N --read F --write F
/// --private F`: written here by the pool and read back here by `signet-engine` (`parse`), so the
/// two cannot drift apart.
package struct WorkerCommand: Sendable, Hashable, Codable {
    /// The subcommand.
    package static let name = "worker"
    /// The subcommand of a worker started before its command is known (see `WorkerSeed`): the
    /// command follows on its stdin.
    package static let seedName = "seed"
    /// The subcommand of the standby engine (see `StandbyHost`): it forks a seed for each command
    /// that connects to its socket.
    package static let standbyName = "standby"

    /// How a worker process was started.
    package enum Start: Equatable {
        /// As a worker, with its command.
        case worker(WorkerCommand)
        /// As a seed, waiting for its command.
        case seed
        /// As the standby engine listening at `socket`, until it has had no command for
        /// `idleSeconds`.
        case standby(socket: String, idleSeconds: Int)
    }

    /// The flags' names (without the leading dashes).
    package enum Flag {
        /// The address-space limit in MiB.
        package static let memoryMB = "memory-mb"
        /// A file or folder the worker may read (repeated).
        package static let read = "read"
        /// A folder the worker may read and write (repeated).
        package static let write = "write"
        /// The worker's own folder, its home (added by the process that starts it).
        package static let privateFolder = "private"
        /// The standby engine's socket.
        package static let socket = "socket"
        /// How long the standby engine waits for a command before it ends.
        package static let idleSeconds = "idle-seconds"
    }

    /// The worker's address-space limit in MiB.
    package var memoryMB: Int
    /// The files it may reach.
    package var access: WorkerAccess

    /// A worker command with these limits.
    package init(memoryMB: Int, access: WorkerAccess) {
        self.memoryMB = memoryMB
        self.access = access
    }

    /// The arguments after the executable (`--private` follows, added by `WorkerProcess`).
    package var arguments: [String] {
        [Self.name, "--" + Flag.memoryMB, String(memoryMB)] + access.reading.flatMap { ["--" + Flag.read, $0] }
            + access.writing.flatMap { ["--" + Flag.write, $0] }
    }

    /// Reads a worker's command line back (the arguments after the executable): how it was
    /// started and its private folder; nil when it is not one the pool writes. A seed's limits
    /// and folders come later, whole, on its stdin: its command line names only its folder. The
    /// standby engine's names its socket and idle time too (`StandbyEngine.start` writes it).
    package static func parse(_ arguments: [String]) -> (start: Start, privateFolder: String?)? {
        guard let first = arguments.first, [name, seedName, standbyName].contains(first), arguments.count % 2 == 1 else {
            return nil
        }
        let worker = first == name
        var command = WorkerCommand(memoryMB: 1024, access: WorkerAccess())
        var privateFolder: String?
        var socket: String?
        var idleSeconds: Int?
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst(), let value = rest.popFirst() {
            switch flag {
            case "--" + Flag.privateFolder: privateFolder = value
            case "--" + Flag.memoryMB where worker:
                guard let megabytes = Int(value), megabytes > 0 else { return nil }
                command.memoryMB = megabytes
            case "--" + Flag.read where worker: command.access.reading.append(value)
            case "--" + Flag.write where worker: command.access.writing.append(value)
            case "--" + Flag.socket where first == standbyName: socket = value
            case "--" + Flag.idleSeconds where first == standbyName:
                guard let seconds = Int(value), seconds > 0 else { return nil }
                idleSeconds = seconds
            default: return nil
            }
        }
        switch first {
        case name: return (.worker(command), privateFolder)
        case seedName: return (.seed, privateFolder)
        default:
            guard let socket, let idleSeconds else { return nil }
            return (.standby(socket: socket, idleSeconds: idleSeconds), privateFolder)
        }
    }
}
