import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SignetFiles
import SignetModel
import Testing

@testable import SignetServer
@testable import SignetStore

/// `POST /api/v1/verify` over HTTP, with no login, against the real store: a recorded sealed
/// file is intact with its session and interaction; the same file cut back, or a seal of ours
/// on a file never recorded, altered; a file without seals or sealed by someone else unknown;
/// bad bodies are 4xx problems, never a 5xx.
@Suite("Verify route", .sqliteOnly)
struct VerifyRouteTests {
    /// Two seals (pyHanko, PAdES) on the sample letter, and the seal certificate's SHA-256.
    struct Sealed {
        let files: [[UInt8]]
        let certificateSHA256: String
    }

    /// Sealed files made with pyHanko by `Tests/Trust/sealed_fixture.sh` (the structure Signet's
    /// own seals have). At the seal's merge, this becomes a customer's finish through the API,
    /// whose finished.pdf is sealed and recorded by the service itself.
    static func sealed(seals: Int) throws -> Sealed {
        let dir = NSTemporaryDirectory() + "signet-verify-\(UUID().uuidString)"
        let script = Samples.root + "/Tests/Trust/sealed_fixture.sh"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, dir, "ec", Samples.root + "/SampleDocs/letter.pdf", String(seals)]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError.failed("sealed_fixture.sh failed") }
        let files = try (1...seals).map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(dir)/sealed-\($0).pdf"))) }
        let pem = try String(contentsOfFile: dir + "/seal.pem", encoding: .utf8)
        let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: base64))
        return Sealed(files: files, certificateSHA256: FileDigest.sha256(der))
    }

    /// Records `file` as the finished PDF of a new document in a new session of the agent's,
    /// as the finish does; answers the session and interaction.
    static func record(_ file: [UInt8], in server: TestServer, client: some TestClientProtocol) async throws -> (String, String) {
        let session = try await SessionFixture.start(client, server)
        let sha = FileDigest.sha256(file)
        let part = DocumentPart(
            template: nil, fileName: "letter.pdf", original: sha, prepared: sha, pages: [], fields: [], agentValues: [:], finished: sha)
        let added = try await server.services.interactions.add(
            .init(kind: .document, title: "Letter", payload: InteractionPayload(document: part)), session: session.id,
            by: Actor(name: "test", ip: nil, userAgent: nil))
        try await server.services.store!.writer.write { db in
            try db.execute(
                sql: "UPDATE interaction SET status = 'completed', completedAt = ? WHERE id = ?", arguments: [Date(), added.id])
        }
        return (session.id, added.id)
    }

    static func verify(_ client: some TestClientProtocol, _ bytes: [UInt8]) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(
            uri: "/api/v1/verify", method: .post, headers: [.contentType: "application/pdf"], body: ByteBuffer(bytes: bytes)
        ) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
        }
    }

    @Test("recorded and untouched: intact, naming the session and interaction; cut back or unrecorded: altered")
    func intactAndAltered() async throws {
        let sealed = try Self.sealed(seals: 2)
        let server = try await TestServer { $0.sealCertificateDigests = [sealed.certificateSHA256] }
        try await server.app.test(.router) { client in
            let (session, interaction) = try await Self.record(sealed.files[1], in: server, client: client)
            let (status, answer) = try await Self.verify(client, sealed.files[1])
            #expect(status == .ok)
            #expect(answer["verdict"] as? String == "intact", "\(answer)")
            let document = try #require(answer["document"] as? [String: Any])
            #expect(document["session"] as? String == session)
            #expect(document["interaction"] as? String == interaction)
            #expect(document["finishedAt"] != nil)
            let seals = try #require(answer["seals"] as? [[String: Any]])
            #expect(seals.count == 2)
            #expect(seals.allSatisfy { $0["valid"] as? Bool == true && $0["signer"] as? String == "Signet Test Seal" })
            #expect(seals.map { $0["coversWholeFile"] as? Bool } == [false, true])
            #expect(seals[0]["signedAt"] is String)
            // The first revision: its seal is valid and covers it all, but it is not what was finished.
            let (_, cut) = try await Self.verify(client, sealed.files[0])
            #expect(cut["verdict"] as? String == "altered", "\(cut)")
            #expect(cut["document"] == nil)
            let (_, appended) = try await Self.verify(client, sealed.files[1] + Array("%%EOF\n".utf8))
            #expect(appended["verdict"] as? String == "altered")
        }
    }

    @Test("a PDF without seals, a seal by someone else and random bytes are unknown, with a reason")
    func unknown() async throws {
        let foreign = try Self.sealed(seals: 1)
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let (_, plain) = try await Self.verify(client, try Samples.bytes("SampleDocs/letter.pdf"))
            #expect(plain["verdict"] as? String == "unknown")
            #expect(plain["reason"] as? String == "the file has no seals")
            let (_, other) = try await Self.verify(client, foreign.files[0])
            #expect(other["verdict"] as? String == "unknown")
            #expect((other["reason"] as? String)?.contains("never recorded") == true)
            let (status, garbage) = try await Self.verify(client, (0..<5000).map { _ in UInt8.random(in: 0...255) })
            #expect(status == .ok)
            #expect(garbage["verdict"] as? String != "intact")
        }
    }

    @Test("no body is 400, a body past the limit 413, and too many calls from one address 429, as problems")
    func limits() async throws {
        let server = try await TestServer {
            $0.maxVerifyBytes = 4096
            $0.verificationsPerAddress = 3
        }
        try await server.app.test(.router) { client in
            let (empty, problem) = try await Self.verify(client, [])
            #expect(empty == .badRequest)
            #expect(problem["type"] != nil)
            let (large, tooLarge) = try await Self.verify(client, [UInt8](repeating: 0x25, count: 5000))
            #expect(large == .contentTooLarge)
            #expect(tooLarge["title"] as? String == "The file is too large")
            let (third, _) = try await Self.verify(client, Array("%PDF-1.7\n".utf8))
            #expect(third == .ok)
            let (fourth, limited) = try await Self.verify(client, Array("%PDF-1.7\n".utf8))
            #expect(fourth == .tooManyRequests)
            #expect(limited["type"] != nil)
        }
    }
}
