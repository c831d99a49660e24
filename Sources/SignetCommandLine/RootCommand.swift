import ArgumentParser

extension ParsableCommand {
    /// Parses the process's arguments against this root command and runs what they name: what
    /// `AsyncParsableCommand.main()` does, which top-level code cannot call, since there the
    /// synchronous `main()` (which refuses an asynchronous command) wins the overload.
    package static func runAsRoot() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
