import Foundation
import SignetModel
import Testing

@testable import SignetWorkers

/// Attacks from inside a real worker (the built `signet-engine`, as `signet serve` runs it): it
/// tries a socket, an exec and reading the database through a sandbox probe, and must be refused.
@Suite("Worker sandbox")
struct WorkerSandboxTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/signet-engine").path
    static let landlock = WorkerSandbox.landlockABI > 0

    /// A data folder laid out like `signet serve`'s: a database and a stored document.
    let data = NSTemporaryDirectory() + "signet-sandbox-\(UUID().uuidString)"
    var database: String { data + "/signet.sqlite" }
    var blob: String { data + "/blobs/ab/document.pdf" }

    init() throws {
        try FileManager.default.createDirectory(atPath: data + "/blobs/ab", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: data + "/tmp", withIntermediateDirectories: true)
        try Data("SQLite format 3\0".utf8).write(to: URL(fileURLWithPath: database))
        try Data("%PDF-1.7\n".utf8).write(to: URL(fileURLWithPath: blob))
    }

    /// Probes a worker granted what `signet serve` grants of this data folder.
    func probe(reading paths: [String] = []) async throws -> SandboxProbeReport {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build signet-engine first (swift build)")
        let pool = WorkerPool(
            executable: Self.binary, limits: .init(timeoutSeconds: 20, workers: 1),
            access: WorkerAccess(reading: [data + "/blobs"], writing: [data + "/tmp"]))
        defer { pool.shutdown() }
        let outcome = await pool.run(.probeSandbox(SandboxProbeRequest(readPaths: paths)))
        guard case .sandboxProbed(let report) = outcome else {
            Issue.record("the worker did not answer the probe: \(outcome)")
            throw CancellationError()
        }
        return report
    }

    @Test("a worker can open no network or local socket and start no program")
    func socketsAndExec() async throws {
        let report = try await probe()
        #expect(report.status.seccomp, "\(report.status.notes)")
        for family in ["AF_INET", "AF_INET6", "AF_UNIX", "AF_NETLINK"] {
            #expect(report.attempt("socket \(family)")?.refused == true, "\(report.attempts)")
        }
        #expect(report.attempt("exec /bin/true")?.refused == true, "\(report.attempts)")
    }

    @Test("a worker sees none of its parent's environment, secrets included")
    func environment() async throws {
        setenv("SIGNET_SMTP_PASSWORD", "secret", 1)
        defer { unsetenv("SIGNET_SMTP_PASSWORD") }
        let report = try await probe()
        #expect(!report.environment.contains("SIGNET_SMTP_PASSWORD"))
        #expect(Set(report.environment).isSubset(of: WorkerSandbox.allowedEnvironment), "\(report.environment)")
        #expect(report.status.emptyEnvironment)
    }

    @Test(
        "a worker cannot read the database beside the stored documents it may read",
        .enabled(if: landlock, "the kernel has no Landlock (see /sys/kernel/security/lsm), so file access is not confined here"))
    func readDatabase() async throws {
        let report = try await probe(reading: [database, blob])
        #expect(report.status.landlock, "\(report.status.notes)")
        #expect(report.attempt("read \(database)")?.refused == true, "\(report.attempts)")
        // Granted files stay readable: the refusal above is the sandbox, not a broken probe.
        #expect(report.attempt("read \(blob)")?.error == nil, "\(report.attempts)")
    }

    @Test("without Landlock a worker still runs and says file access is not confined", .enabled(if: !landlock))
    func noLandlock() async throws {
        let report = try await probe(reading: [blob])
        #expect(!report.status.landlock)
        #expect(!report.status.notes.isEmpty)
    }

    @Test("a worker's home is a private folder of its own (0700, empty), removed with the worker")
    func privateFolder() async throws {
        let capture = data + "/worker.env"
        var worker: WorkerProcess? = try WorkerProcess(
            executable: try fakeWorker(
                "{ env; echo \"entries=$(ls -A \"$HOME\" | wc -l)\"; } > \(capture).part; mv \(capture).part \(capture); exec sleep 30"),
            arguments: [])
        let folder = try #require(worker?.privateFolder)
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: capture) && Date() < deadline { usleep(20_000) }
        let seen = try String(contentsOfFile: capture, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(seen.contains("HOME=\(folder)") && seen.contains("TMPDIR=\(folder)"))
        // Beyond those, only what the shell itself sets (PWD): nothing of this process's.
        #expect(seen.allSatisfy { !$0.hasPrefix("SIGNET_") && !$0.hasPrefix("PATH=") }, "\(seen)")
        #expect(seen.contains("entries=0"))
        let mode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        worker = nil
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
