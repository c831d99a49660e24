import ArgumentParser
import Glibc
import SignetCommandLine
import SignetWorkers

// `signet`, the command line. The commands that open one document (stamp, fill, render, inspect)
// run here, in a binary that links neither the server nor the PDF libraries, so it starts in a few
// milliseconds: their engine, `signet-engine`, is started at this binary's first instruction and
// loads while the arguments are parsed (see `WorkerSeed`). Every other command, and
// the overall help, belongs to `signet-full`, which this process becomes (same process, arguments,
// environment and descriptors).

/// The one-document commands, as `signet-full` has them too (its help lists them).
struct OneDocument: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signet", subcommands: [Inspect.self, Render.self, Stamp.self, Fill.self])
}

let oneDocument = OneDocument.configuration.subcommands.compactMap { $0.configuration.commandName }
guard CommandLine.arguments.count > 1, oneDocument.contains(CommandLine.arguments[1]) else { Executable.becomeFull() }
WorkerSeed.start(executable: Executable.engine)
await OneDocument.runAsRoot()
