import ArgumentParser
import Foundation
import SignetModel
import SignetWorkers

/// Limits shared by every command that opens a PDF; each also reads an environment variable so
/// services and scripts can set them once.
struct EngineOptions: ParsableArguments {
    @Option(help: "Seconds one document may take before its worker is stopped (env SIGNET_TIMEOUT).")
    var timeout: Double = Environment.double("SIGNET_TIMEOUT") ?? 30

    @Option(name: .customLong("memory-mb"), help: "Memory limit of a worker process in MiB (env SIGNET_WORKER_MEMORY_MB).")
    var memoryMB: Int = Environment.int("SIGNET_WORKER_MEMORY_MB") ?? 1024

    @Option(name: .customLong("max-file-mb"), help: "Largest input file in MiB (env SIGNET_MAX_FILE_MB).")
    var maxFileMB: Int = Environment.int("SIGNET_MAX_FILE_MB") ?? 200

    @Option(help: "Most pages a document may have (env SIGNET_MAX_PAGES).")
    var maxPages: Int = Environment.int("SIGNET_MAX_PAGES") ?? 5000

    @Option(help: "Open password for an encrypted PDF.")
    var password: String?

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard memoryMB >= 128 else { throw ValidationError("--memory-mb must be at least 128") }
        guard maxFileMB > 0, maxPages > 0 else { throw ValidationError("--max-file-mb and --max-pages must be positive") }
    }

    var limits: EngineLimits {
        EngineLimits(maxFileBytes: maxFileMB * 1024 * 1024, maxPages: maxPages)
    }

    /// A pool of one worker: the CLI handles one document at a time. The worker may read the
    /// folders of `reading` and write those of `writing` (see `WorkerAccess.folders`), nothing
    /// else of the user's. Its worker is the one forked at the command's start, when there is one
    /// (see `main.swift`).
    func makePool(reading: [String], writing: [String] = []) -> WorkerPool {
        let pool = WorkerPool(
            executable: Executable.path,
            limits: WorkerLimits(timeoutSeconds: timeout, memoryMB: memoryMB, workers: 1),
            access: .folders(reading: reading, writing: writing))
        if let seed = WorkerSeed.take() { pool.adopt(seed) }
        return pool
    }

    /// The image files `values` draws (data: URLs carry their image).
    static func imageFiles(in values: [String: StampValue]) -> [String] {
        values.values.compactMap { value in
            guard case .image(let source) = value, !source.hasPrefix("data:") else { return nil }
            return source
        }
    }
}

enum Environment {
    static func int(_ name: String) -> Int? { ProcessInfo.processInfo.environment[name].flatMap { Int($0) } }
    static func double(_ name: String) -> Double? { ProcessInfo.processInfo.environment[name].flatMap { Double($0) } }
}

enum Executable {
    /// This binary, which also serves as the worker.
    static var path: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }
}
