import Foundation
import Testing

extension ServeTests {
    @Test(
        "audit verify: exit 0 with a summary on the served record; exit 3 naming the row after one is edited with sqlite3",
        .enabled(if: ServeTests.database == nil, "reads the SQLite file"))
    func auditVerify() throws {
        let server = try start()
        let token = try login()
        _ = try curl(
            "/api/v1/sessions", "-H", "authorization: Bearer \(token)", "-H", "content-type: application/json", "-d",
            #"{"customer": {"name": "Amara Okafor", "email": "amara@example.com", "channel": "email"}}"#)
        server.terminate()
        server.waitUntilExit()

        let cli = CLITests()
        let clean = try cli.signet("audit", "verify", "--data", data)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.hasPrefix("record intact: ") && clean.stdout.contains(" rows, head "), "\(clean.stdout)")

        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", data + "/signet.sqlite", "UPDATE event SET ip = '203.0.113.9' WHERE id = 1"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)

        let broken = try cli.signet("audit", "verify", "--data", data)
        #expect(broken.status == 3)
        #expect(broken.stdout.contains("record broken at row 1: its content does not match its hash"), "\(broken.stdout)")
        let json = try cli.signet("audit", "verify", "--data", data, "--json")
        #expect(json.status == 3 && json.json?["brokenRow"] as? Int == 1 && json.json?["intact"] as? Bool == false)
    }
}
