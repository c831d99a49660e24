import ArgumentParser
import Foundation
import SignetCommandLine

/// Every `signet` command: `signet` itself runs the one-document commands (stamp, fill, render,
/// inspect) and hands every other, and the overall help, to this binary (see `signet/main.swift`).
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
            Verify.self, MakeSamples.self, Bench.self, Audit.self,
        ])
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
