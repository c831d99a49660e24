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

TrustedSealing.install()
await Signet.runAsRoot()
