import ArgumentParser
import SignetPDF
import SignetWorkers

/// The isolated worker process: `signet worker` reads jobs on stdin and answers on stdout.
/// Started by the worker pool, not by people.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve engine jobs on stdin/stdout (started by Signet itself).", shouldDisplay: false)

    @Option(name: .customLong("memory-mb"), help: "Address-space limit in MiB.") var memoryMB = 1024

    func run() throws {
        WorkerLoop.serve(memoryMB: memoryMB, warmUp: Engine.warmUp, handler: Engine.perform)
    }
}
