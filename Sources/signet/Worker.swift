import ArgumentParser
import SignetPDF
import SignetWorkers

/// The isolated worker process: `signet worker` reads jobs on stdin and answers on stdout.
/// Started by the worker pool, not by people (see `main.swift`: it runs on the main thread).
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: WorkerCommand.name, abstract: "Serve engine jobs on stdin/stdout (started by Signet itself).", shouldDisplay: false)

    // The flags' names are the pool's own (`WorkerCommand`), so the two cannot drift apart.
    @Option(name: .customLong(WorkerCommand.Flag.memoryMB), help: "Address-space limit in MiB.") var memoryMB = 1024
    @Option(name: .customLong(WorkerCommand.Flag.read), help: "A folder or file the worker may read (repeatable).")
    var reading: [String] = []
    @Option(name: .customLong(WorkerCommand.Flag.write), help: "A folder the worker may read and write (repeatable).")
    var writing: [String] = []
    @Option(name: .customLong(WorkerCommand.Flag.privateFolder), help: "The worker's own folder (its home), readable and writable.")
    var privateFolder: String?

    func run() throws {
        let command = WorkerCommand(memoryMB: memoryMB, access: WorkerAccess(reading: reading, writing: writing))
        Self.serve(command, privateFolder: privateFolder, warmedUp: false)
    }

    /// What a worker does, started (`run`) or forked (see `main.swift`; a forked one has warmed
    /// up while its parent parsed its arguments).
    static func serve(_ command: WorkerCommand, privateFolder: String?, warmedUp: Bool) -> Never {
        let access = WorkerAccess(reading: command.access.reading, writing: command.access.writing + (privateFolder.map { [$0] } ?? []))
        WorkerLoop.serve(memoryMB: command.memoryMB, access: access, warmUp: warmedUp ? {} : Engine.warmUp, handler: Engine.perform)
    }
}
