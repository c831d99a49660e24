import Foundation
import Testing

/// The `signet` binary as a user meets it: commands, JSON output, exit statuses, and the
/// isolation of bad documents in worker processes. `scripts/test` builds it first.
@Suite("signet command line")
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = ProcessInfo.processInfo.environment["SIGNET_BIN"] ?? root.appendingPathComponent(".build/debug/signet").path
    /// The worker built beside it.
    static var engine: String { URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("signet-engine").path }
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    static func sample(_ name: String) -> String { root.appendingPathComponent("SampleDocs/\(name)").path }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] }
        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
    }

    func signet(_ arguments: String...) throws -> Run { try signet(arguments) }

    func signet(_ arguments: [String]) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build signet first (swift build)")
        return try run(Self.binary, arguments)
    }

    /// Runs `executable` with `arguments` to its end (with `environment`, this test's own by
    /// default, in `folder`), and what it printed.
    func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, in folder: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty stderr cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    func scratch() -> String {
        let dir = NSTemporaryDirectory() + "signet-cli-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("inspect prints a summary, and JSON with words")
    func inspect() throws {
        let text = try signet("inspect", Self.sample("rotated.pdf"))
        #expect(text.status == 0)
        #expect(text.stdout.contains("page 2: 841.89 x 595.28 pt, rotated 90"))
        let json = try signet("inspect", "--json", Self.sample("form.pdf"))
        #expect(json.status == 0)
        let pages = try #require(json.json?["pages"] as? [[String: Any]])
        #expect((pages[0]["words"] as? [Any])?.isEmpty == false)
        #expect((json.json?["formFields"] as? [Any])?.count == 6)
    }

    @Test("inspect --json says how the worker that read the document was sandboxed")
    func sandbox() throws {
        let run = try signet("inspect", "--json", Self.sample("letter.pdf"))
        #expect(run.status == 0, "\(run.stderr)")
        let sandbox = try #require(run.json?["sandbox"] as? [String: Any])
        #expect(sandbox["seccomp"] as? Bool == true)
        #expect(sandbox["emptyEnvironment"] as? Bool == true)
        // Landlock is on wherever the kernel has it.
        let abi = try #require(sandbox["landlockABI"] as? Int)
        #expect(sandbox["landlock"] as? Bool == (abi > 0), "\(sandbox)")
    }

    @Test("under the sandbox, stamp reads an image from a folder of its own and writes a third")
    func stampImageElsewhere() throws {
        let images = scratch()
        let out = scratch()
        try FileManager.default.copyItem(atPath: Self.sample("signature.png"), toPath: images + "/sig.png")
        try #"{"fields": [{"id": "s", "kind": "signature", "page": 1, "rect": {"x": 72, "y": 72, "width": 150, "height": 50}}]}"#
            .write(toFile: out + "/f.json", atomically: true, encoding: .utf8)
        try #"{"s": {"image": "\#(images)/sig.png"}}"#.write(toFile: out + "/v.json", atomically: true, encoding: .utf8)
        let run = try signet(
            "stamp", Self.sample("letter.pdf"), "--fields", out + "/f.json", "--values", out + "/v.json", "-o", out + "/signed.pdf",
            "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/signed.pdf"))
    }

    @Test("render's engine, started at the command's start, has none of the command's arguments or environment, and still renders")
    func engineSeed() throws {
        let output = scratch() + "/page-argument-marker-7361.png"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        // A large render, so that the worker lives long enough to be looked at.
        process.arguments = ["render", Self.sample("letter.pdf"), "--dpi", "400", "--password", "argument-marker-9911", "-o", output]
        // The seed this test is about, not a worker of the standby engine (StandbyEngineTests).
        process.environment = ProcessInfo.processInfo.environment.merging([
            "SIGNET_SMTP_PASSWORD": "environment-marker-5102", "SIGNET_STANDBY_SECONDS": "0",
        ]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGCONT) } }
        // The worker: the command's child whose stderr is its own log file. The command is stopped
        // meanwhile, so that the worker waits for it instead of ending.
        var worker: Int32?
        let deadline = Date().addingTimeInterval(20)
        while worker == nil && process.isRunning && Date() < deadline {
            worker = Self.children(of: process.processIdentifier).first { pid in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/2"))?.hasSuffix(".log") == true
            }
            if worker == nil { usleep(2_000) }
        }
        kill(process.processIdentifier, SIGSTOP)
        let pid = try #require(worker, "no engine process was seen")
        for file in ["cmdline", "environ"] {
            let seen = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/\(file)"))
            #expect(seen.range(of: Data("marker".utf8)) == nil, "\(file): \(String(decoding: seen, as: UTF8.self))")
        }
        // Nor anywhere in its memory (the password given on the command line included), while
        // the command itself has them (so the search does find them where they are).
        for marker in ["environment-marker-5102", "argument-marker-9911", "argument-marker-7361"] {
            #expect(try !Self.memory(of: pid, contains: marker), "\(marker)")
        }
        #expect(try Self.memory(of: process.processIdentifier, contains: "argument-marker-9911"))
        let environment = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/environ"))
        #expect(environment.range(of: Data("environment-marker-5102".utf8)) != nil)
        // A seed, started before the command knew its limits: they came later, on its stdin.
        let commandLine = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")).split(separator: 0).map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(commandLine.first?.hasSuffix("/signet-engine") == true, "\(commandLine)")
        #expect(Array(commandLine.dropFirst().prefix(2)) == ["seed", "--private"], "\(commandLine)")
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: output))
    }

    @Test("signet hands every command but the one-document ones to signet-full, and its help lists them all")
    func handOver() throws {
        let help = try signet("--help")
        #expect(help.status == 0, "\(help.stderr)")
        for command in ["serve", "user", "template", "batch", "verify", "audit", "stamp", "fill", "render", "inspect"] {
            #expect(help.stdout.contains("  \(command)"), "\(command): \(help.stdout)")
        }
        let unknown = try signet("no-such-command")
        #expect(unknown.status == 64, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no-such-command"), "\(unknown.stderr)")
        let stampHelp = try signet("stamp", "--help")
        #expect(stampHelp.status == 0 && stampHelp.stdout.contains("USAGE: signet stamp"), "\(stampHelp.stdout)")
    }

    @Test("signet alone, without signet-full and signet-engine beside it, says what is missing, sealing included")
    func installedAlone() throws {
        // A hard link of the built binary in a folder of its own (within .build: the same file
        // system), so that its own path, as the kernel reports it, is that folder.
        let folder = Self.root.appendingPathComponent(".build/alone-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #require(link(Self.binary, folder + "/signet") == 0, "cannot link the binary: \(String(cString: strerror(errno)))")
        let help = try run(folder + "/signet", ["--help"])
        #expect(help.status == 1, "\(help.stderr)")
        #expect(help.stderr.contains("cannot run \(folder)/signet-full"), "\(help.stderr)")
        let inspect = try run(folder + "/signet", ["inspect", Self.sample("letter.pdf")])
        #expect(inspect.status == 1, "\(inspect.stderr)")
        #expect(inspect.stderr.contains("signet-engine"), "\(inspect.stderr)")
        // Sealing is signet-full's too (signet links no seal code): handed over, before any output.
        let dir = scratch()
        try #"{"fields": [{"id": "t", "kind": "text", "page": 1, "rect": {"x": 9, "y": 9, "width": 90, "height": 20}}]}"#
            .write(toFile: dir + "/f.json", atomically: true, encoding: .utf8)
        try #"{"t": "x"}"#.write(toFile: dir + "/v.json", atomically: true, encoding: .utf8)
        let sealed = try run(
            folder + "/signet",
            ["stamp", Self.sample("letter.pdf"), "--fields", dir + "/f.json", "--values", dir + "/v.json", "-o", dir + "/o.pdf", "--seal"])
        #expect(sealed.status == 1 && sealed.stderr.contains("cannot run \(folder)/signet-full"), "\(sealed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/o.pdf"))
    }

    @Test("signet-engine refuses a command line that is not the one its pool writes")
    func engineCommandLine() throws {
        for arguments in [[], ["serve"], ["worker", "--memory-mb"], ["worker", "--exec", "/bin/sh"], ["seed", "--read", "/"]] {
            let refused = try run(Self.engine, arguments)
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.stderr.contains("usage: signet-engine"), "\(arguments): \(refused.stderr)")
        }
    }

    @Test("signet-engine starts without Poppler, which it loads, confined, for the first job that reads with it")
    func popplerOnDemand() throws {
        // The dynamic loader lists every library a program loads at its start.
        let libraries = try run("/lib64/ld-linux-x86-64.so.2", ["--list", Self.engine]).stdout
        #expect(libraries.contains("libqpdf"), "\(libraries)")
        #expect(!libraries.contains("libpoppler"), "\(libraries)")
        // A seed never warms up, so inspect's job loads Poppler itself, after the sandbox applied.
        let inspected = try signet("inspect", "--json", Self.sample("letter.pdf"))
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect((inspected.json?["pages"] as? [Any])?.isEmpty == false)
        let sandbox = try #require(inspected.json?["sandbox"] as? [String: Any])
        #expect(sandbox["seccomp"] as? Bool == true && (sandbox["notes"] as? [Any])?.isEmpty == true, "\(sandbox)")
    }

    @Test("a command that stops before it takes its engine leaves no worker folder, log or process behind")
    func untakenWorker() throws {
        let temporary = scratch()
        try "{".write(toFile: temporary + "/bad.json", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "stamp", Self.sample("letter.pdf"), "--fields", temporary + "/bad.json", "--values", temporary + "/bad.json", "-o",
            temporary + "/o.pdf",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == ["bad.json"])
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && Self.engines(of: process.processIdentifier) > 0 { usleep(20_000) }
        #expect(Self.engines(of: process.processIdentifier) == 0)
    }

    /// Engine processes started by `pid` (once orphaned, their parent is no longer `pid`: they are
    /// found by their stderr log instead).
    static func engines(of pid: Int32) -> Int {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return all.compactMap(Int32.init).filter { other in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(other)/fd/2"))?.contains("signet-worker-\(pid)-") == true
        }.count
    }

    /// Whether `text` is anywhere in the readable memory of process `pid` (through /proc/PID/mem).
    static func memory(of pid: Int32, contains text: String) throws -> Bool {
        let needle = Data(text.utf8)
        let memory = open("/proc/\(pid)/mem", O_RDONLY)
        try #require(memory >= 0, "cannot read the memory of \(pid)")
        defer { close(memory) }
        for line in try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1, fields[1].hasPrefix("r") else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt64($0, radix: 16) }
            guard bounds.count == 2, bounds[1] > bounds[0], bounds[1] - bounds[0] < 1 << 31 else { continue }
            var region = Data(count: Int(bounds[1] - bounds[0]))
            let read = region.withUnsafeMutableBytes { pread(memory, $0.baseAddress, $0.count, off_t(bounds[0])) }
            if read > 0, region.prefix(read).range(of: needle) != nil { return true }
        }
        return false
    }

    /// The processes whose parent is `pid`, from /proc.
    static func children(of pid: Int32) -> [Int32] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return all.compactMap(Int32.init).filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                let end = stat.range(of: ")", options: .backwards)
            else { return false }
            // After "pid (name)": the state, then the parent's pid.
            let fields = stat[end.upperBound...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid
        }
    }

    @Test("stamp fills the sample form from the documented JSON files")
    func stamp() throws {
        let out = scratch() + "/signed.pdf"
        let run = try signet(
            "stamp", Self.sample("form.pdf"), "--fields", Self.sample("form.fields.json"), "--values", Self.sample("form.values.json"),
            "-o", out, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["mode"] as? String == "incremental")
        #expect((run.json?["stampedFields"] as? [String])?.contains("customer_sig") == true)
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test("render writes one PNG or a directory of them")
    func render() throws {
        let dir = scratch()
        #expect(try signet("render", Self.sample("letter.pdf"), "--dpi", "50", "-o", dir + "/one.png").status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/one.png"))
        #expect(try signet("render", Self.sample("rotated.pdf"), "--pages", "2-3", "--width", "100", "-o", dir + "/many").status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/many").sorted() == ["page-2.png", "page-3.png"])
    }

    @Test("errors have a code, a message naming the problem, and an exit status")
    func errors() throws {
        let dir = scratch()
        let notPDF = try signet("inspect", "--json", "/etc/hostname")
        #expect(notPDF.status == 3 && notPDF.errorCode == "notPDF")
        #expect(notPDF.stderr.contains("not a PDF"))

        try #"{"fields": [{"id": "x", "kind": "text", "page": 9, "rect": {"x": 1, "y": 1, "width": 10, "height": 10}}]}"#
            .write(toFile: dir + "/f.json", atomically: true, encoding: .utf8)
        try #"{"x": "hello"}"#.write(toFile: dir + "/v.json", atomically: true, encoding: .utf8)
        let badPage = try signet(
            "stamp", Self.sample("letter.pdf"), "--fields", dir + "/f.json", "--values", dir + "/v.json", "-o", dir + "/o.pdf", "--json")
        #expect(badPage.status == 2 && badPage.errorCode == "invalidInput")
        #expect(badPage.stderr.contains("field x") && badPage.stderr.contains("page 9 does not exist"))

        try #"{"fields": [{"id": "x", "kind": "text", "page": 1}]}"#.write(toFile: dir + "/f2.json", atomically: true, encoding: .utf8)
        let badJSON = try signet(
            "stamp", Self.sample("letter.pdf"), "--fields", dir + "/f2.json", "--values", dir + "/v.json", "-o", dir + "/o.pdf")
        #expect(badJSON.status == 2 && badJSON.stderr.contains("missing \"rect\""))

        let overwrite = try signet(
            "stamp", Self.sample("letter.pdf"), "--fields", dir + "/f.json", "--values", dir + "/v.json", "-o", Self.sample("letter.pdf"))
        #expect(overwrite.status == 2)

        let usage = try signet("render", Self.sample("letter.pdf"), "--dpi", "0", "-o", dir + "/x.png")
        #expect(usage.status != 0 && usage.stderr.contains("--dpi"))
    }

    @Test(
        "a document that makes Poppler loop forever is stopped at the time limit",
        .enabled(if: FileManager.default.fileExists(atPath: hazard)))
    func hang() throws {
        let started = Date()
        let run = try signet("render", "--json", "--timeout", "2", Self.hazard, "-o", scratch() + "/x.png")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 4 && run.errorCode == "timeLimit")
        #expect(run.stderr.contains("longer than 2.0 s"))
    }

    @Test(
        "a file with no PDF header is refused before any parser sees it",
        .enabled(if: FileManager.default.fileExists(atPath: corpus + "/qpdf-fuzz/69977a.fuzz")))
    func fuzz() throws {
        let run = try signet("inspect", "--json", Self.corpus + "/qpdf-fuzz/69977a.fuzz")
        #expect(run.status == 3 && run.errorCode == "notPDF")
    }

    @Test("a closed stdout pipe ends the output quietly, without a crash")
    func closedPipe() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["inspect", "--json", Self.sample("form.pdf")]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try out.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
    }

    @Test(
        "broken corpus files get the right class from stamp and inspect",
        .enabled(if: FileManager.default.fileExists(atPath: corpus + "/README.md")))
    func corpusClasses() throws {
        let dir = scratch()
        try #"{"fields": [{"id": "t", "kind": "text", "page": 1, "rect": {"x": 1, "y": 1, "width": 5, "height": 5}}]}"#
            .write(toFile: dir + "/f.json", atomically: true, encoding: .utf8)
        try #"{"t": "x"}"#.write(toFile: dir + "/v.json", atomically: true, encoding: .utf8)
        func stamp(_ file: String) throws -> Run {
            try signet(
                "stamp", "--json", Self.corpus + "/" + file, "--fields", dir + "/f.json", "--values", dir + "/v.json", "-o", dir + "/o.pdf")
        }
        // Object numbers at the top of the range: nothing can be added, so the file is damaged.
        #expect(try stamp("qpdf-fuzz/15390.fuzz").errorCode == "damaged")
        // qpdf would rewrite this encrypted file into streams that no longer decrypt.
        #expect(try stamp("qpdf/qpdf_qtest_qpdf_bad-encryption-length.pdf").errorCode == "damaged")
        #expect(!FileManager.default.fileExists(atPath: dir + "/o.pdf"))
        // While a sound encrypted file with JPEG images is rewritten, checked, and kept encrypted.
        #expect(try stamp("qpdf/qpdf_qtest_qpdf_encrypted-with-images.pdf").status == 0)
        // qpdf and Poppler repair this page tree differently: reported, not refused.
        let mismatch = try signet("inspect", "--json", Self.corpus + "/qpdf-fuzz/57639.fuzz")
        #expect(mismatch.status == 0)
        #expect(mismatch.stdout.contains("pageCountMismatch"))
    }

    @Test(
        "corpus-check over a sample of the corpus finds no crash, hang, internal error or bad output",
        .enabled(if: FileManager.default.fileExists(atPath: corpus + "/README.md")))
    func corpusCheck() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.root.appendingPathComponent("scripts/corpus-check").path, "--bin", Self.binary, "--limit", "40", "--jobs", "2",
            "--json", Self.corpus,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "corpus-check printed no JSON")
        #expect(process.terminationStatus == 0, "corpus-check found bugs: \(String(decoding: data, as: UTF8.self).prefix(2000))")
        #expect(summary["files"] as? Int == 40)
        #expect(summary["passed"] as? Bool == true)
        #expect((summary["bugs"] as? [Any])?.isEmpty == true)
    }

    /// `pdfinfo` itself never finishes on this file (see the corpus README).
    static let hazard = corpus + "/qpdf/qpdf_qtest_qpdf_shared-unnamed-field.pdf"
}
