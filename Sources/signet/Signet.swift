import ArgumentParser

/// The `signet` command line: thin commands over the engine, which always runs in isolated
/// worker processes.
@main
struct Signet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signet",
        abstract: "Prepare, fill and stamp PDF documents.",
        subcommands: [Inspect.self, Render.self, Stamp.self, TemplateCommand.self, Fill.self, MakeSamples.self, Bench.self, Worker.self])
}
