import Foundation
import Testing

extension ServeTests {
    @Test(
        "audit verify: exit 0 with a summary on the served record; exit 3 naming the row after one is edited behind Signet's back (sqlite3, or psql on PostgreSQL)"
    )
    func auditVerify() throws {
        let server = try start()
        let token = try login()
        _ = try curl(
            "/api/v1/sessions", "-H", "authorization: Bearer \(token)", "-H", "content-type: application/json", "-d",
            #"{"customer": {"name": "Amara Okafor", "email": "amara@example.com", "channel": "email"}}"#)
        server.terminate()
        server.waitUntilExit()

        let cli = CLITests()
        // On PostgreSQL the record is the served schema's; the data folder holds no database.
        let source = Self.database.map { ["--database", $0 + "?search_path=\(schema)"] } ?? ["--data", data]
        let clean = try cli.signet(["audit", "verify"] + source)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.hasPrefix("record intact: ") && clean.stdout.contains(" rows, head "), "\(clean.stdout)")

        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        if let database = Self.database {
            edit.arguments = [
                "psql", database, "-q", "-c",
                #"SET search_path TO \#(schema); UPDATE "event" SET "ip" = '203.0.113.9' WHERE "id" = (SELECT min("id") FROM "event")"#,
            ]
        } else {
            edit.arguments = ["sqlite3", data + "/signet.sqlite", "UPDATE event SET ip = '203.0.113.9' WHERE id = 1"]
        }
        try edit.run()
        edit.waitUntilExit()
        #expect(edit.terminationStatus == 0)

        let broken = try cli.signet(["audit", "verify"] + source)
        #expect(broken.status == 3)
        #expect(broken.stdout.contains("record broken at row 1: its content does not match its hash"), "\(broken.stdout)")
        let json = try cli.signet(["audit", "verify", "--json"] + source)
        #expect(json.status == 3 && json.json?["brokenRow"] as? Int == 1 && json.json?["intact"] as? Bool == false)
    }

    @Test(
        "audit verify on PostgreSQL refuses a database that is not at this version's schema",
        .enabled(if: ServeTests.database != nil, "needs PostgreSQL (scripts/with-postgres)"))
    func auditVerifyOtherVersion() throws {
        let database = try #require(Self.database)
        let cli = CLITests()
        // A schema nobody migrated.
        let refused = try cli.signet(["audit", "verify", "--database", database + "?search_path=nobody_\(schema)"])
        #expect(refused.status == 1 && refused.stderr.contains("run this version's signet serve on it once"), "\(refused.stderr)")
    }
}
