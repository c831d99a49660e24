import Foundation
import Synchronization
import Testing

/// The standby engine (SignetWorkers' `StandbyEngine`): started by the first one-document command
/// as it exits, it gives each later command a warm worker, sandboxed like any other. Each test has
/// a runtime folder of its own (XDG_RUNTIME_DIR), hence a standby engine of its own, stopped at
/// its end.
@Suite("signet's standby engine")
struct StandbyEngineTests {
    let cli = CLITests()

    /// A runtime folder (0700, as a user's is) and the environment that points the commands to it.
    struct Place {
        let runtime: String
        let environment: [String: String]

        init(idleSeconds: Int = 60, extra: [String: String] = [:], under parent: String = NSTemporaryDirectory()) throws {
            // Short: a Unix socket's path holds at most 107 bytes.
            runtime = (parent.hasSuffix("/") ? parent : parent + "/") + "sb-" + UUID().uuidString.prefix(8)
            try FileManager.default.createDirectory(
                atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            environment = ProcessInfo.processInfo.environment.merging(
                ["XDG_RUNTIME_DIR": runtime, "SIGNET_STANDBY_SECONDS": String(idleSeconds)].merging(extra) { $1 }
            ) { $1 }
        }

        var folder: String { runtime + "/signet" }

        /// The pid of the standby engine serving here (its lock names it; its socket exists).
        var standby: Int32? {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for lock in files where lock.hasSuffix(".lock") {
                let stem = folder + "/" + lock.dropLast(".lock".count)
                guard FileManager.default.fileExists(atPath: stem + ".sock"),
                    let text = try? String(contentsOfFile: folder + "/" + lock, encoding: .utf8),
                    let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0
                else { continue }
                return pid
            }
            return nil
        }

        /// Waits until a standby engine serves here (a debug build warms up in about a second).
        func awaitStandby() throws -> Int32 {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let pid = standby { return pid }
                usleep(50_000)
            }
            throw StandbyMissing()
        }

        /// Stops the standby engine (and, with it, its spare).
        func stop() {
            guard let pid = standby else { return }
            kill(pid, SIGTERM)
            _ = Self.await(within: 5) { kill(pid, 0) != 0 }
        }

        static func await(within seconds: Double, _ condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition() { return true }
                usleep(20_000)
            }
            return condition()
        }
    }

    struct StandbyMissing: Error {}

    /// Runs `signet` with `place`'s environment, in `folder` when given.
    func signet(_ place: Place, _ arguments: [String], in folder: String? = nil) throws -> CLITests.Run {
        try cli.run(CLITests.binary, arguments, environment: place.environment, in: folder)
    }

    /// Starts `process` (output discarded, `place`'s environment) and waits until `standby` has
    /// given it its worker, whose pid it answers.
    func startFindingWorker(_ process: Process, place: Place, standby: Int32) throws -> Int32 {
        process.environment = place.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var worker: Int32?
        _ = Place.await(within: 20) {
            worker = Self.worker(of: process.processIdentifier, under: standby)
            return worker != nil || !process.isRunning
        }
        return try #require(worker, "no worker of the standby engine was seen")
    }

    /// A scratch folder holding `f.json` (one text field, "name", on page 1) and `v.json` (its value).
    func stampInputs(name: String) throws -> String {
        let work = cli.scratch()
        try #"{"fields": [{"id": "name", "kind": "text", "page": 1, "rect": {"x": 72, "y": 72, "width": 200, "height": 20}}]}"#
            .write(toFile: work + "/f.json", atomically: true, encoding: .utf8)
        try "{\"name\": \"\(name)\"}".write(toFile: work + "/v.json", atomically: true, encoding: .utf8)
        return work
    }

    /// `inspect --json`'s sandbox report.
    func sandbox(_ place: Place) throws -> [String: Any] {
        let run = try signet(place, ["inspect", "--json", CLITests.sample("letter.pdf")])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(run.json?["sandbox"] as? [String: Any], "\(run.stdout)")
    }

    /// The worker of command `pid` among the standby engine's children: its stderr is the
    /// command's worker log.
    static func worker(of pid: Int32, under standby: Int32) -> Int32? {
        CLITests.children(of: standby).first { child in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(child)/fd/2"))?.contains("signet-worker-\(pid)-") == true
        }
    }

    @Test("the first command starts the standby engine as it exits; later ones get their workers from it, sandboxed, in their own folder")
    func serves() throws {
        let place = try Place()
        defer { place.stop() }
        #expect(try sandbox(place)["standby"] as? Bool == false)
        let standby = try place.awaitStandby()
        let status = try sandbox(place)
        #expect(status["standby"] as? Bool == true)
        #expect(status["seccomp"] as? Bool == true)
        #expect(status["emptyEnvironment"] as? Bool == true)
        #expect(status["landlock"] as? Bool == ((status["landlockABI"] as? Int ?? 0) > 0))
        #expect((status["notes"] as? [String])?.isEmpty == true, "\(status)")
        // Its socket and files: this user's only.
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: place.folder).first { $0.hasSuffix(".sock") })
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: place.folder)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "\(String(mode, radix: 8)) \(socket)")

        // Relative paths mean what they mean in the command's folder.
        let work = try stampInputs(name: "Standby Engine")
        try FileManager.default.copyItem(atPath: CLITests.sample("letter.pdf"), toPath: work + "/in.pdf")
        let stamped = try signet(
            place, ["stamp", "--json", "in.pdf", "--fields", "f.json", "--values", "v.json", "-o", "out.pdf"], in: work)
        #expect(stamped.status == 0, "\(stamped.stderr)")
        let words = try signet(place, ["inspect", "--json", work + "/out.pdf"])
        #expect(words.stdout.contains("Standby"), "\(words.stdout.prefix(300))")

        // Commands at once: each gets a worker of its own (the spare, or one forked for it).
        let statuses = Mutex<[Int32]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let run = try? signet(
                place, ["stamp", "in.pdf", "--fields", "f.json", "--values", "v.json", "-o", "out-\(index).pdf"], in: work)
            statuses.withLock { $0.append(run?.status ?? -1) }
        }
        #expect(statuses.withLock { $0 } == [0, 0, 0, 0])
        #expect(place.standby == standby, "one standby engine served them all")

        // SIGTERM ends it, and its spare with it.
        let spares = CLITests.children(of: standby)
        kill(standby, SIGTERM)
        #expect(Place.await(within: 5) { kill(standby, 0) != 0 })
        #expect(Place.await(within: 5) { spares.allSatisfy { kill($0, 0) != 0 } }, "\(spares)")
    }

    @Test(
        "its worker holds nothing of an earlier command, nor of this one's environment; the standby engine and its spare hold no document value"
    )
    func isolation() throws {
        let place = try Place(extra: ["SIGNET_SMTP_PASSWORD": "environment-marker-6203"])
        defer { place.stop() }
        _ = try sandbox(place)
        let standby = try place.awaitStandby()
        let work = try stampInputs(name: "earlier-marker-3391")
        let earlier = try signet(
            place,
            ["stamp", CLITests.sample("letter.pdf"), "--fields", work + "/f.json", "--values", work + "/v.json", "-o", work + "/e.pdf"])
        #expect(earlier.status == 0, "\(earlier.stderr)")

        // A long render, stopped once its worker exists. Its job (the file, the password, the
        // output) is the worker's to know, and a warm worker may already have it: the
        // command's environment and the earlier command's values are what it must never hold.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = ["render", CLITests.sample("letter.pdf"), "--dpi", "400", "-o", work + "/page.png"]
        defer { if process.isRunning { kill(process.processIdentifier, SIGCONT) } }
        let pid = try startFindingWorker(process, place: place, standby: standby)
        kill(process.processIdentifier, SIGSTOP)
        for marker in ["earlier-marker-3391", "environment-marker-6203"] {
            #expect(try !CLITests.memory(of: pid, contains: marker), "worker: \(marker)")
        }
        let environment = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        #expect(environment.range(of: Data("marker".utf8)) == nil)
        // The standby engine never reads a document or a value; nor does the spare it forks.
        for other in [standby] + CLITests.children(of: standby) where other != pid {
            #expect(try !CLITests.memory(of: other, contains: "earlier-marker-3391"), "process \(other)")
        }
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: work + "/page.png"))
    }

    @Test(
        "a document that hangs its worker is stopped at the time limit, and the standby engine serves the next command",
        .enabled(if: FileManager.default.fileExists(atPath: CLITests.hazard)))
    func hang() throws {
        let place = try Place()
        defer { place.stop() }
        _ = try sandbox(place)
        let standby = try place.awaitStandby()
        let started = Date()
        let run = try signet(place, ["render", "--json", "--timeout", "2", CLITests.hazard, "-o", cli.scratch() + "/x.png"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 4 && run.errorCode == "timeLimit", "\(run.stdout)")
        // Killed by the standby engine once the command let go of it.
        #expect(Place.await(within: 5) { CLITests.children(of: standby).count <= 1 }, "\(CLITests.children(of: standby))")
        #expect(place.standby == standby)
        #expect(try sandbox(place)["standby"] as? Bool == true)
    }

    @Test("its worker writes with the command's umask and runs under the command's resource limits and priority, not the standby engine's")
    func processContext() throws {
        let place = try Place()
        defer { place.stop() }
        _ = try sandbox(place)
        let standby = try place.awaitStandby()
        let work = try stampInputs(name: "Private")
        for (mask, mode) in [("077", 0o600), ("022", 0o644)] {
            let stamp = "umask \(mask); exec \"$0\" stamp \"$1\" --fields f.json --values v.json -o out-\(mask).pdf"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", stamp, CLITests.binary, CLITests.sample("letter.pdf")]
            process.environment = place.environment
            process.currentDirectoryURL = URL(fileURLWithPath: work)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let written = try FileManager.default.attributesOfItem(atPath: work + "/out-\(mask).pdf")[.posixPermissions] as? Int
            #expect(written == mode, "umask \(mask): \(String(written ?? 0, radix: 8))")
        }
        // No core files where the user turned them off, a lower priority where asked for one.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "ulimit -c 0; exec nice -n 7 \"$0\" render \"$1\" --dpi 400 -o \"$2\"", CLITests.binary, CLITests.sample("letter.pdf"),
            work + "/page.png",
        ]
        defer { if process.isRunning { kill(process.processIdentifier, SIGCONT) } }
        let pid = try startFindingWorker(process, place: place, standby: standby)
        kill(process.processIdentifier, SIGSTOP)
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }.map(String.init) ?? ""
        #expect(core.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(core)")
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.range(of: ")", options: .backwards)!.upperBound...].split(separator: " ")
        #expect(fields.count > 17 && fields[16] == "7", "nice: \(fields.count > 17 ? fields[16] : "?")")
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("a command killed with SIGKILL takes its worker with it")
    func killedCommand() throws {
        let place = try Place()
        defer { place.stop() }
        _ = try sandbox(place)
        let standby = try place.awaitStandby()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = ["render", CLITests.sample("letter.pdf"), "--dpi", "600", "-o", cli.scratch() + "/page.png"]
        let pid = try startFindingWorker(process, place: place, standby: standby)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(Place.await(within: 5) { kill(pid, 0) != 0 }, "the worker \(pid) outlived its command")
        #expect(try sandbox(place)["standby"] as? Bool == true)
    }

    @Test("idle for SIGNET_STANDBY_SECONDS, the standby engine ends and removes its socket; with 0 none is started or used")
    func idle() throws {
        let brief = try Place(idleSeconds: 1)
        defer { brief.stop() }
        _ = try sandbox(brief)
        let standby = try brief.awaitStandby()
        #expect(Place.await(within: 10) { kill(standby, 0) != 0 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: brief.folder).filter { $0.hasSuffix(".sock") }.isEmpty)

        let off = try Place(idleSeconds: 0)
        #expect(try sandbox(off)["standby"] as? Bool == false)
        usleep(500_000)
        #expect(try sandbox(off)["standby"] as? Bool == false)
        #expect(!FileManager.default.fileExists(atPath: off.folder))
    }

    @Test("a runtime folder that others may enter is not used: the commands start their own workers")
    func sharedFolder() throws {
        let place = try Place()
        defer { place.stop() }
        try FileManager.default.createDirectory(
            atPath: place.folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        #expect(try sandbox(place)["standby"] as? Bool == false)
        usleep(500_000)
        #expect(try sandbox(place)["standby"] as? Bool == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.folder).isEmpty)
    }

    @Test("a connection that sends no worker's files, or nonsense, is closed; the standby engine goes on serving")
    func badClient() throws {
        let place = try Place()
        defer { place.stop() }
        _ = try sandbox(place)
        let standby = try place.awaitStandby()
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: place.folder).first { $0.hasSuffix(".sock") })
        let script = """
            import socket, sys
            for message in [b"", b"not a folder", b"/tmp/x" * 2000]:
                s = socket.socket(socket.AF_UNIX)
                s.connect(sys.argv[1])
                s.settimeout(5)
                try:
                    if message:
                        s.sendall(message)
                    s.shutdown(socket.SHUT_WR)
                    answer = s.recv(16)
                except (BrokenPipeError, ConnectionResetError):
                    answer = b""  # closed before or with our bytes unread: refused too
                assert answer == b"", "answered a message without descriptors: %r" % answer
                s.close()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, place.folder + "/" + socket]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let printed = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(place.standby == standby)
        #expect(try sandbox(place)["standby"] as? Bool == true)
    }

    @Test(
        "a process of another user is refused, even when the socket is open to it; its own user is served",
        .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func otherUser() throws {
        // Under /tmp, which every user may cross (the suite's own temporary folder is its owner's only).
        let place = try Place(under: "/tmp")
        defer {
            place.stop()
            try? FileManager.default.removeItem(atPath: place.runtime)
        }
        _ = try sandbox(place)
        _ = try place.awaitStandby()
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: place.folder).first { $0.hasSuffix(".sock") })
        // Opened to everyone: commands no longer use this folder, but the standby engine still listens.
        for (path, mode) in [(place.runtime, 0o755), (place.folder, 0o755), (place.folder + "/" + socket, 0o777)] {
            #expect(chmod(path, mode_t(mode)) == 0)
        }
        // A well-formed request with the worker's four descriptors: answered with a pid, or closed unanswered.
        let script = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.connect(sys.argv[1])
            fds = [os.open("/dev/null", os.O_RDONLY), os.open("/dev/null", os.O_WRONLY), os.open("/dev/null", os.O_WRONLY),
                   os.open("/", os.O_RDONLY)]
            s.settimeout(5)
            try:
                socket.send_fds(s, [b"folder=/tmp\\numask=18\\nnice=0"], fds)
                print("answered" if s.recv(64) else "refused")
            except (BrokenPipeError, ConnectionResetError):  # closed before or with the request unread
                print("refused")
            """
        func attempt(as user: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: user.isEmpty ? "/usr/bin/python3" : "/usr/bin/setpriv")
            process.arguments = user + (user.isEmpty ? [] : ["/usr/bin/python3"]) + ["-c", script, place.folder + "/" + socket]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return printed.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let stranger = try attempt(as: ["--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(stranger == "refused", "\(stranger)")
        let owner = try attempt(as: [])
        #expect(owner == "answered", "\(owner)")
    }
}
