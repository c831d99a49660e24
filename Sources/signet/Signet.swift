import ArgumentParser

/// The `signet` command line: thin commands over the engine, which always runs in isolated
/// worker processes.
@main
struct Signet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signet",
        abstract: "Prepare, fill and stamp PDF documents.",
        subcommands: [
            Serve.self, UserCommand.self, Inspect.self, Render.self, Stamp.self, TemplateCommand.self, Fill.self, Batch.self,
            MakeSamples.self, Bench.self, Worker.self,
        ])
}
