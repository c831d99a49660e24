import ArgumentParser
import Foundation
import SignetModel
import SignetWorkers

/// Limits shared by every command that opens a PDF; each also reads an environment variable so
/// services and scripts can set them once.
package struct EngineOptions: ParsableArguments {
    @Option(help: "Seconds one document may take before its worker is stopped (env SIGNET_TIMEOUT).")
    package var timeout: Double = Environment.double("SIGNET_TIMEOUT") ?? 30

    @Option(name: .customLong("memory-mb"), help: "Memory limit of a worker process in MiB (env SIGNET_WORKER_MEMORY_MB).")
    package var memoryMB: Int = Environment.int("SIGNET_WORKER_MEMORY_MB") ?? 1024

    @Option(name: .customLong("max-file-mb"), help: "Largest input file in MiB (env SIGNET_MAX_FILE_MB).")
    package var maxFileMB: Int = Environment.int("SIGNET_MAX_FILE_MB") ?? 200

    @Option(help: "Most pages a document may have (env SIGNET_MAX_PAGES).")
    package var maxPages: Int = Environment.int("SIGNET_MAX_PAGES") ?? 5000

    @Option(help: "Open password for an encrypted PDF.")
    package var password: String?

    package init() {}

    package func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard memoryMB >= 128 else { throw ValidationError("--memory-mb must be at least 128") }
        guard maxFileMB > 0, maxPages > 0 else { throw ValidationError("--max-file-mb and --max-pages must be positive") }
    }

    package var limits: EngineLimits {
        EngineLimits(maxFileBytes: maxFileMB * 1024 * 1024, maxPages: maxPages)
    }

    /// A pool of one worker: the CLI handles one document at a time. The worker may read the
    /// folders of `reading` and write those of `writing` (see `WorkerAccess.folders`), nothing
    /// else of the user's. Its worker is the one `signet` started at its first instruction, when there
    /// is one (see `WorkerSeed`).
    package func makePool(reading: [String], writing: [String] = []) -> WorkerPool {
        let pool = WorkerPool(
            executable: Executable.engine,
            limits: WorkerLimits(timeoutSeconds: timeout, memoryMB: memoryMB, workers: 1),
            access: .folders(reading: reading, writing: writing))
        if let seed = WorkerSeed.take() { pool.adopt(seed) }
        return pool
    }

    /// The image files `values` draws (data: URLs carry their image).
    package static func imageFiles(in values: [String: StampValue]) -> [String] {
        values.values.compactMap { value in
            guard case .image(let source) = value, !source.hasPrefix("data:") else { return nil }
            return source
        }
    }
}

/// The environment variables the commands read, one at a time: `ProcessInfo`'s environment builds
/// a dictionary of every variable on each call, which a command's start paid for four times.
package enum Environment {
    package static func string(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
    package static func int(_ name: String) -> Int? { string(name).flatMap { Int($0) } }
    package static func double(_ name: String) -> Double? { string(name).flatMap { Double($0) } }
}

/// Signet's executables, built and installed side by side: `signet` (the command line; it runs the
/// one-document commands itself and hands every other to `signet-full`), `signet-full` (every
/// command, the server's too) and `signet-engine` (the isolated worker process of every engine job).
package enum Executable {
    /// The worker process every worker pool starts.
    package static var engine: String { besideThisOne("signet-engine") }

    /// The complete command set.
    package static var full: String { besideThisOne("signet-full") }

    private static func besideThisOne(_ name: String) -> String { folder + "/" + name }

    /// Becomes `signet-full` (exec: the same process, arguments, environment and descriptors),
    /// for the commands `signet` leaves to it; exits 1 naming it when it cannot.
    package static func becomeFull() -> Never {
        let full = Executable.full
        var message =
            "signet: cannot run \(full) (installed beside signet, it runs every command but stamp, fill, render and inspect, and those that seal)"
        if path != full {
            execv(full, CommandLine.unsafeArgv)
            message += ": " + String(cString: strerror(errno))
        }
        _ = (message + "\n").withCString { write(2, $0, strlen($0)) }
        exit(1)
    }

    /// This binary's folder, symbolic links resolved, found once: `signet` asks for it at its
    /// first instruction (the engine's start waits on it) and again when it makes its pool.
    private static var folder: String { path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "." }

    /// This binary, symbolic links resolved.
    private static let path: String = {
        guard let real = realpath("/proc/self/exe", nil) else { return "./signet" }
        defer { free(real) }
        return String(cString: real)
    }()
}
