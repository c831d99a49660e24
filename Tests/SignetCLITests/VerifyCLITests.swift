import Foundation
import GRDB
import SignetFiles
import SignetModel
import Testing

@testable import SignetStore

/// `signet verify` as a user meets it: verdicts, JSON, exit statuses (0 intact, 3 altered,
/// 4 unknown, 1 unreadable), and the record read from a data folder without writing to it.
@Suite("signet verify")
struct VerifyCLITests {
    let cli = CLITests()

    /// Two seals (pyHanko, PAdES) on the sample letter: `sealed-1.pdf`, `sealed-2.pdf` and the
    /// seal certificate `seal.pem` in the answered folder. At the seal's merge this becomes
    /// `signet stamp --seal` (or a finish in `signet serve`).
    func sealed() throws -> String {
        let dir = cli.scratch()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            CLITests.root.appendingPathComponent("Tests/Trust/sealed_fixture.sh").path, dir, "ec", CLITests.sample("letter.pdf"), "2",
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sealed_fixture.sh failed")
        return dir
    }

    /// A data folder whose record holds `file` as a finished document, as the service writes it.
    func dataFolder(finished file: String) async throws -> (folder: String, session: String, interaction: String) {
        let folder = cli.scratch()
        let store = try Store.open(path: folder + "/signet.sqlite")
        let agent = try await Accounts(store: store, bcryptCost: 4).create(
            email: "a@example.com", name: "A", role: .agent, password: "long-pass-99")
        let actor = Actor(name: "agent:\(agent.id)")
        // Written through the session aggregate, as the service's use cases write it.
        let now = Date()
        let session = SessionRecord(
            id: UUID().uuidString.lowercased(), agentId: agent.id, customerName: "Jo", phone: nil, email: "jo@example.com", channel: .email,
            state: .draft, delivery: .none, deliveryError: nil, lifetimeSeconds: 3600, createdAt: now)
        _ = try await store.insertSession(session) { change in change.record("created", by: actor, now: now) }
        let sha = try FileDigest.sha256(file: file)
        let part = DocumentPart(
            template: nil, fileName: "letter.pdf", original: sha, prepared: sha, pages: [], fields: [], agentValues: [:], finished: sha)
        let added = InteractionRecord(
            id: UUID().uuidString.lowercased(), sessionId: session.id, parentId: nil, position: 1, kind: .document, title: "Letter",
            status: .completed, payload: InteractionPayload(document: part), declineReason: nil, createdAt: now, updatedAt: now,
            completedAt: now)
        _ = try await store.withSession(session.id) { change in change.add(added) }
        // Closed now, not whenever the store is released (its read threads may hold it a while):
        // the last connection's checkpoint must not land after a test took the file's digest.
        try (store.writer as? DatabasePool)?.close()
        return (folder, session.id, added.id)
    }

    @Test("with the record: intact (0) names the session; the first revision is altered (3) with --seal-cert, else unknown (4)")
    func withRecord() async throws {
        let dir = try sealed()
        let (folder, session, interaction) = try await dataFolder(finished: dir + "/sealed-2.pdf")
        let before = try FileDigest.sha256(file: folder + "/signet.sqlite")
        let intact = try cli.signet("verify", dir + "/sealed-2.pdf", "--data", folder, "--json")
        #expect(intact.status == 0, "\(intact.stdout) \(intact.stderr)")
        #expect(intact.json?["verdict"] as? String == "intact")
        let document = try #require(intact.json?["document"] as? [String: Any])
        #expect(document["session"] as? String == session && document["interaction"] as? String == interaction)
        #expect((document["finishedAt"] as? String)?.hasSuffix("Z") == true)
        #expect((intact.json?["seals"] as? [Any])?.count == 2)
        let text = try cli.signet("verify", dir + "/sealed-2.pdf", "--data", folder)
        #expect(text.stdout.contains("intact: every seal is valid"))
        #expect(text.stdout.contains("seal 2: Signet Test Seal, signed "))
        #expect(text.stdout.contains("covers the whole file"))
        let cut = try cli.signet("verify", dir + "/sealed-1.pdf", "--data", folder, "--seal-cert", dir + "/seal.pem", "--json")
        #expect(cut.status == 3, "\(cut.stdout)")
        #expect(cut.json?["verdict"] as? String == "altered")
        let foreign = try cli.signet("verify", dir + "/sealed-1.pdf", "--data", folder)
        #expect(foreign.status == 4)
        // Read only: the database is as it was.
        #expect(try FileDigest.sha256(file: folder + "/signet.sqlite") == before)
    }

    @Test("without --data the best answer is unknown (4); damaged seals are altered (3); no seals unknown (4)")
    func withoutRecord() throws {
        let dir = try sealed()
        let plain = try cli.signet("verify", dir + "/sealed-2.pdf")
        #expect(plain.status == 4)
        #expect(plain.stdout.contains("give --data DIR"))
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/sealed-2.pdf")))
        bytes[bytes.count / 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/flipped.pdf"))
        let flipped = try cli.signet("verify", dir + "/flipped.pdf", "--json")
        #expect(flipped.status == 3)
        #expect(flipped.json?["verdict"] as? String == "altered")
        let unsealed = try cli.signet("verify", CLITests.sample("letter.pdf"))
        #expect(unsealed.status == 4)
        #expect(unsealed.stdout.contains("the file has no seals"))
    }

    @Test("unreadable inputs exit 1 with a message; --help documents the exit statuses")
    func errors() throws {
        let missing = try cli.signet("verify", "/nonexistent/file.pdf")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read /nonexistent/file.pdf"))
        let noDatabase = try cli.signet("verify", CLITests.sample("letter.pdf"), "--data", cli.scratch())
        #expect(noDatabase.status == 1)
        #expect(noDatabase.stderr.contains("no Signet database"))
        let help = try cli.signet("verify", "--help")
        #expect(help.stdout.contains("0 intact, 3 altered, 4 unknown"))
    }

    @Test("serve refuses a time-stamp authority URL that is not http(s) before it starts")
    func badTSA() throws {
        let run = try cli.signet("serve", "--tsa-url", "ftp://tsa.example", "--data", cli.scratch())
        #expect(run.status != 0)
        #expect(run.stderr.contains("must be an http or https URL"))
    }
}
