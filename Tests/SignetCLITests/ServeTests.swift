import Foundation
import Testing

/// `signet serve` over a real port: the README walkthrough with curl, and a `kill -9` in the
/// middle of a stream of writes that loses nothing the server acknowledged.
@Suite("signet serve", .serialized)
struct ServeTests {
    let data = NSTemporaryDirectory() + "signet-serve-\(UUID().uuidString)"
    let port = Int.random(in: 20000...40000)
    var log: String { data + ".log" }
    /// The PostgreSQL schema this test's server uses when the suite runs on PostgreSQL.
    let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    /// The test cluster's address (`scripts/with-postgres`), or nil: the server uses SQLite.
    static let database = ProcessInfo.processInfo.environment["SIGNET_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Starts the server, with the admin account from the environment unless `demoAdmin`.
    func start(demoAdmin: Bool = false, output: Pipe? = nil, port: Int? = nil) throws -> Process {
        let port = port ?? self.port
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = ["serve", "--port", "\(port)", "--data", data]
        var env = ProcessInfo.processInfo.environment
        env["SIGNET_ADMIN_EMAIL"] = demoAdmin ? nil : "admin@example.com"
        env["SIGNET_ADMIN_PASSWORD"] = demoAdmin ? nil : "correct-horse-9"
        // A secret the workers must not see (see `sandboxedDocuments`).
        env["SIGNET_SMTP_PASSWORD"] = "secret"
        // Under scripts/with-postgres, on PostgreSQL: a schema of this test's own, made at start.
        env["SIGNET_DATABASE_URL"] = Self.database.map { $0 + ($0.contains("?") ? "&" : "?") + "search_path=\(schema)" }
        process.environment = env
        process.standardOutput = output ?? FileHandle.nullDevice
        let log = port == self.port ? log : log + ".\(port)"
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        // Up to a minute: with the whole suite running on 2 cores, a start (migrations, the first
        // admin's bcrypt, the development seal key, the workers' prestart) has taken over 10 s.
        for _ in 0..<600 {
            if (try? curl("/health", port: port).contains("ok")) == true { return process }
            usleep(100_000)
        }
        process.terminate()
        throw ServeDidNotStart()
    }

    /// Runs curl against the server; answers the body.
    @discardableResult
    func curl(_ path: String, _ arguments: String..., port: Int? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "--max-time", "5"] + arguments + ["http://127.0.0.1:\(port ?? self.port)\(path)"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    func login() throws -> String {
        let answer = json(
            try curl(
                "/api/v1/auth/login", "-H", "content-type: application/json", "-d",
                #"{"email": "admin@example.com", "password": "correct-horse-9"}"#))
        return try #require(answer["token"] as? String)
    }

    @Test("log in, start a session, find the invitation link in the outbox, open it")
    func walkthrough() throws {
        let server = try start()
        defer { server.terminate() }
        let token = try login()
        let created = json(
            try curl(
                "/api/v1/sessions", "-H", "authorization: Bearer \(token)", "-H", "content-type: application/json", "-d",
                #"{"customer": {"name": "Amara Okafor", "email": "amara@example.com", "channel": "email"}}"#))
        let id = try #require(created["id"] as? String)
        var files: [String] = []
        for _ in 0..<50 where files.isEmpty {
            usleep(100_000)
            files = ((try? FileManager.default.contentsOfDirectory(atPath: data + "/outbox")) ?? []).filter { !$0.hasPrefix(".") }
        }
        let message = json(try String(contentsOfFile: data + "/outbox/" + #require(files.first), encoding: .utf8))
        let link = try #require(message["link"] as? String)
        #expect(message["to"] as? String == "amara@example.com")
        let path = String(link.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
        let headers = try curl(path, "-i")
        #expect(headers.hasPrefix("HTTP/1.1 303") && headers.contains("signet_customer="))
        let session = json(try curl("/api/v1/sessions/\(id)", "-H", "authorization: Bearer \(token)"))
        #expect(session["state"] as? String == "active")
    }

    @Test("a fresh data folder without admin settings: the demo password goes to a file only its owner reads, not to the output")
    func demoAdmin() throws {
        let output = Pipe()
        let server = try start(demoAdmin: true, output: output)
        let path = data + "/initial-admin-password"
        let password = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let answer = json(
            try curl(
                "/api/v1/auth/login", "-H", "content-type: application/json", "-d",
                #"{"email": "admin@signet.local", "password": "\#(password)"}"#))
        #expect(answer["token"] is String)
        server.terminate()
        server.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(password.count > 12 && !printed.contains(password) && !logged.contains(password))
    }

    @Test(
        "two servers started at once on a fresh data folder without admin settings: one demo admin, its password in one file",
        .enabled(if: Self.database != nil, "several instances share a PostgreSQL database"))
    func demoAdminOnce() async throws {
        let other = port == 40000 ? 20000 : port + 1
        let tests = self
        async let first = Task.detached { try tests.start(demoAdmin: true) }.value
        async let second = Task.detached { try tests.start(demoAdmin: true, port: other) }.value
        let servers = try await [first, second]
        defer { servers.forEach { $0.terminate() } }
        let password = try String(contentsOfFile: data + "/initial-admin-password", encoding: .utf8).trimmingCharacters(in: .newlines)
        for port in [port, other] {
            let answer = json(
                try curl(
                    "/api/v1/auth/login", "-H", "content-type: application/json", "-d",
                    #"{"email": "admin@signet.local", "password": "\#(password)"}"#, port: port))
            #expect(answer["token"] is String, "login on \(port): \(answer)")
        }
    }

    @Test("seal keys: the first start makes a development key in <data>/keys and says so, the next reuses it, a bad key stops the start")
    func sealKeys() throws {
        var server = try start()
        let chain = try curl("/api/v1/seal/certificate.pem")
        server.terminate()
        server.waitUntilExit()
        #expect(chain.components(separatedBy: "BEGIN CERTIFICATE").count == 3, "\(chain)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("created a development seal key and CA in \(data)/keys/"))
        let mode = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try mode(data + "/keys") == 0o700)
        #expect(try mode(data + "/keys/seal-key.pem") == 0o600 && mode(data + "/keys/seal-chain.pem") == 0o600)

        server = try start()
        #expect(try curl("/api/v1/seal/certificate.pem") == chain)
        server.terminate()
        server.waitUntilExit()
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("sealed with the development key"))

        // A key that is not the certificate's: the service does not start, and says why.
        let otherKey = data + "/other.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", otherKey]
        try openssl.run()
        openssl.waitUntilExit()
        let refused = Process()
        refused.executableURL = URL(fileURLWithPath: CLITests.binary)
        refused.arguments = ["serve", "--port", "\(port)", "--data", data]
        var env = ProcessInfo.processInfo.environment
        env["SIGNET_SEAL_KEY"] = otherKey
        env["SIGNET_SEAL_CERT"] = data + "/keys/seal-chain.pem"
        refused.environment = env
        let errors = Pipe()
        refused.standardError = errors
        refused.standardOutput = FileHandle.nullDevice
        try refused.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        refused.waitUntilExit()
        #expect(refused.terminationStatus != 0)
        #expect(said.contains("does not match its certificate"), "\(said)")
    }

    @Test("sandboxed workers preflight, preview and stamp a document; start-up says they are sandboxed")
    func sandboxedDocuments() throws {
        let server = try start()
        defer { server.terminate() }
        let token = try login()
        let auth = "authorization: Bearer \(token)"
        let session = try #require(
            json(
                try curl(
                    "/api/v1/sessions", "-H", auth, "-H", "content-type: application/json", "-d",
                    #"{"customer": {"name": "Amara Okafor", "email": "amara@example.com", "channel": "email"}}"#))["id"] as? String)
        let upload = json(
            try curl(
                "/api/v1/sessions/\(session)/uploads?name=form.pdf", "-H", auth, "-H", "content-type: application/pdf", "--data-binary",
                "@" + CLITests.sample("form.pdf")))
        #expect(upload["formFields"] as? Int == 6, "\(upload)")
        let sha = try #require(upload["upload"] as? String)
        let preview = try curl(
            "/api/v1/sessions/\(session)/uploads/\(sha)/pages/1?width=200", "-H", auth, "-o", "/dev/null", "-w",
            "%{http_code} %{content_type}")
        #expect(preview == "200 image/png")
        let document = json(
            try curl(
                "/api/v1/sessions/\(session)/documents", "-H", auth, "-H", "content-type: application/json", "-d",
                #"{"title": "Form", "upload": "\#(sha)", "values": {"ref": "X-1"}, "fields": [{"id": "ref", "kind": "text", "label": "Reference", "role": "agent", "page": 1, "rect": {"x": 72, "y": 72, "width": 200, "height": 20}}]}"#
            ))
        let interaction = try #require(document["id"] as? String, "\(document)")
        let stamped = try curl(
            "/api/v1/sessions/\(session)/interactions/\(interaction)/pages/1?width=200", "-H", auth, "-o", "/dev/null", "-w", "%{http_code}"
        )
        #expect(stamped == "200")
        let started = try String(contentsOfFile: log, encoding: .utf8)
        #expect(started.contains("seccomp=true") && started.contains("emptyEnvironment=true"), "\(started)")
        if started.contains("landlock=true") {
            #expect(started.contains("workers are sandboxed"), "\(started)")
            #expect(started.contains("read \(data)/keys"), "the seal keys' read is among the refused attempts: \(started)")
            if Self.database == nil {
                #expect(started.contains("read \(data)/signet.sqlite"), "the database read is among the refused attempts: \(started)")
            }
        } else {
            #expect(started.contains("landlockABI=0"), "Landlock is off only where the kernel lacks it: \(started)")
        }
    }

    @Test("kill -9 while sessions are being created: every acknowledged one is still there after a restart")
    func killNine() throws {
        let server = try start()
        let token = try login()
        // Writers keep creating sessions; the server is killed while they run.
        let lock = NSLock()
        nonisolated(unsafe) var acknowledged: [String] = []
        let group = DispatchGroup()
        for worker in 0..<4 {
            DispatchQueue.global().async(group: group) {
                for n in 0..<200 {
                    let answer = self.json(
                        (try? self.curl(
                            "/api/v1/sessions", "-H", "authorization: Bearer \(token)", "-H", "content-type: application/json", "-d",
                            #"{"customer": {"name": "Customer \#(worker)-\#(n)", "email": "c\#(worker)-\#(n)@example.com", "channel": "email"}}"#
                        ))
                            ?? "")
                    guard let id = answer["id"] as? String else { return }
                    lock.lock()
                    acknowledged.append(id)
                    lock.unlock()
                }
            }
        }
        usleep(1_500_000)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        group.wait()
        #expect(acknowledged.count > 10, "too few writes before the kill to prove anything")

        let restarted = try start()
        defer { restarted.terminate() }
        let fresh = try login()
        let listed = json(try curl("/api/v1/sessions?limit=1", "-H", "authorization: Bearer \(fresh)"))
        let total = try #require(listed["total"] as? Int)
        #expect(total >= acknowledged.count)
        for id in acknowledged.shuffled().prefix(25) {
            #expect(json(try curl("/api/v1/sessions/\(id)", "-H", "authorization: Bearer \(fresh)"))["id"] as? String == id)
        }
    }
}

/// `signet serve` did not answer /health within a minute.
struct ServeDidNotStart: Error {}
