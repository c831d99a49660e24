import ArgumentParser
import Foundation
import SignetPDF
import SignetWorkers

/// The `signet` command line: thin commands over the engine, which always runs in isolated
/// worker processes.
///
/// Every command names itself (`commandName`): otherwise ArgumentParser derives each name from
/// `String(describing:)` of its type, whose casts scan all the binary's protocol conformance
/// records, a cost every run paid at start-up.
struct Signet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signet",
        abstract: "Prepare, fill and stamp PDF documents.",
        subcommands: [
            Serve.self, UserCommand.self, Inspect.self, Render.self, Stamp.self, TemplateCommand.self, Fill.self, Batch.self,
            Verify.self, MakeSamples.self, Bench.self, Audit.self, Worker.self,
        ])
}

// The commands that open one document fork their worker now, while this process is a single
// thread that has read nothing, and take it over once their arguments are parsed (see
// `WorkerSeed`): no second process start.
let oneDocument: [String] = ["stamp", "fill", "render", "inspect"]
if CommandLine.argc > 1, let command = CommandLine.unsafeArgv[1], oneDocument.contains(where: { strcmp(command, $0) == 0 }) {
    WorkerSeed.plant(prepare: Engine.warmUp) { worker, privateFolder in
        Worker.serve(worker, privateFolder: privateFolder, warmedUp: true)
    }
}

// A worker confines itself with Landlock, which covers only the calling thread and the threads
// it starts afterwards: it must run here, synchronously on the main thread, before Swift
// concurrency starts any thread of its own (an async command runs on one of those).
if CommandLine.arguments.dropFirst().first == Worker.configuration.commandName {
    Worker.main(Array(CommandLine.arguments.dropFirst(2)))
}
await run()

/// What `AsyncParsableCommand.main()` does: top-level code cannot call it, since there the
/// synchronous `main()` (which refuses an asynchronous command) wins the overload.
func run() async {
    do {
        var command = try Signet.parseAsRoot()
        if var asynchronous = command as? AsyncParsableCommand {
            try await asynchronous.run()
        } else {
            try command.run()
        }
    } catch {
        Signet.exit(withError: error)
    }
}
