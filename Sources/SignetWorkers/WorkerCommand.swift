/// The command line of a worker process, `signet worker --memory-mb N --read F --write F
/// --private F`: written here by the pool and read by `signet worker` through the same names, so
/// the two cannot drift apart.
package struct WorkerCommand: Sendable, Hashable, Codable {
    /// The subcommand.
    package static let name = "worker"

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
}
