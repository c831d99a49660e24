import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SignetFiles
import Testing

@testable import SignetServer
@testable import SignetStore

/// Countersigning over HTTP: the customer finishes a document with agent countersign fields
/// (sealed once), the agent countersigns it (stamped onto the sealed bytes and sealed again),
/// and the final file is what the record, verify and the certificate of completion name.
@Suite("Countersigning")
struct CountersignTests {
    static let fields = #"""
        [{"id": "sig", "kind": "signature", "label": "Customer signature", "role": "customer", "required": true,
          "page": 1, "rect": {"x": 72, "y": 560, "width": 200, "height": 50}},
         {"id": "officer", "kind": "text", "label": "Officer", "role": "agent", "countersign": true, "maxLength": 40,
          "page": 1, "rect": {"x": 300, "y": 520, "width": 200, "height": 20}},
         {"id": "agent_sig", "kind": "signature", "label": "Agent signature", "role": "agent", "countersign": true, "required": true,
          "page": 1, "rect": {"x": 300, "y": 560, "width": 200, "height": 50}}]
        """#
    static let strokes = SeedFlowTests.strokes

    /// A sent document with countersign fields, and the customer's headers.
    static func sent(_ client: some TestClientProtocol, _ server: TestServer) async throws -> (SessionFixture, String, HTTPFields) {
        let s = try await SessionFixture.start(client, server)
        let letter = try await s.upload(client, "letter.pdf")
        let id = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Loan offer", "fields": \#(Self.fields)}"#)
        return (s, id, try await s.customer(client))
    }

    @Test("customer finishes (awaitingCountersign, sealed once), agent countersigns: two seals both validators accept, verify intact")
    func countersignFlow() async throws {
        let server = try await TestServer()
        try await server.app.test(.live) { client in
            let (s, id, customer) = try await Self.sent(client, server)
            let theirs = "\(s.base)/interactions/\(id)"
            let finished = try await client.call(
                .post, "/api/v1/customer/interactions/\(id)/finish", json: #"{"values": {"sig": {"strokes": \#(Self.strokes)}}}"#,
                headers: customer)
            #expect(finished.status == .ok && finished.body["status"] as? String == "awaitingCountersign", "\(finished.body)")
            // The customer is done: nothing more of theirs is accepted.
            let again = try await client.call(
                .post, "/api/v1/customer/interactions/\(id)/finish", json: #"{"values": {}}"#, headers: customer)
            #expect(again.status == .conflict)
            // No certificate until the document is completed.
            #expect(try await client.call(.get, "\(theirs)/certificate.pdf", token: s.agent).status == .conflict)
            let events = { try await client.call(.get, "\(s.base)/events", token: s.agent).body["items"] as? [[String: Any]] ?? [] }
            let awaiting = try #require(try await events().first { $0["kind"] as? String == "awaitingCountersign" })
            let customerSealed = try #require((awaiting["detail"] as? [String: String])?["sha256"])
            let sealedPath = try #require(server.services.blobs.file(customerSealed))
            let sealedBytes = Array(try Data(contentsOf: URL(fileURLWithPath: sealedPath)))

            let done = try await client.call(
                .post, "\(theirs)/countersign", token: s.agent,
                json: #"{"values": {"officer": "Daniel Brandt", "agent_sig": {"strokes": \#(Self.strokes)}}}"#)
            #expect(done.status == .ok && done.body["status"] as? String == "completed", "\(done.body)")
            let twice = try await client.call(
                .post, "\(theirs)/countersign", token: s.agent, json: #"{"values": {"agent_sig": {"strokes": \#(Self.strokes)}}}"#)
            #expect(twice.status == .conflict, "\(twice.body)")

            let pdf = try await client.raw(.get, "\(theirs)/finished.pdf", token: s.agent).bytes
            // An incremental update on the customer's sealed file: its bytes are untouched.
            #expect(pdf.count > sealedBytes.count && Array(pdf.prefix(sealedBytes.count)) == sealedBytes)
            let copy = try await client.raw(.get, "/api/v1/customer/interactions/\(id)/finished.pdf", headers: customer).bytes
            #expect(copy == pdf, "the customer's copy is the countersigned file")
            let completed = try #require(
                try await events().first {
                    $0["kind"] as? String == "completed" && ($0["detail"] as? [String: String])?["interaction"] == id
                })
            #expect((completed["detail"] as? [String: String])?["sha256"] == FileDigest.sha256(pdf))
            #expect((completed["detail"] as? [String: String])?["countersigned"] == customerSealed)

            let dir = NSTemporaryDirectory() + "signet-countersign-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = dir + "/final.pdf"
            try Data(pdf).write(to: URL(fileURLWithPath: path))
            let chain = try await client.raw(.get, "/api/v1/seal/certificate.pem")
            try Data(chain.bytes).write(to: URL(fileURLWithPath: dir + "/chain.pem"))

            // pdfsig: both seals valid, the second one covering the whole file.
            let pdfsig = try Self.run("pdfsig", ["-nocert", path]).output
            let seals = pdfsig.components(separatedBy: "Signature #").dropFirst()
            #expect(seals.count == 2, "\(pdfsig)")
            #expect(seals.allSatisfy { $0.contains("- Signature Validation: Signature is Valid.") }, "\(pdfsig)")
            #expect(seals.map { $0.contains("- Total document signed") } == [false, true], "\(pdfsig)")
            #expect(pdfsig.contains("Signature Field Name: Seal1") && pdfsig.contains("Signature Field Name: Seal2"))
            // pyHanko: both seals intact, valid and trusted against the published chain. Its
            // difference analysis is left out: it accepts only form filling after a seal, and
            // the countersignature is drawn into the page (see the report in the branch).
            let pyhanko = try Self.run(
                "pyhanko",
                [
                    "sign", "validate", "--trust", dir + "/chain.pem", "--trust-replace", "--no-revocation-check", "--no-diff-analysis",
                    "--executive-summary", path,
                ])
            #expect(pyhanko.status == 0, "\(pyhanko.output)")
            #expect(pyhanko.output.components(separatedBy: ":VALID").count - 1 == 2, "\(pyhanko.output)")

            // Verify: the final file intact; the customer's sealed revision or a flipped byte not.
            let (_, intact) = try await VerifyRouteTests.verify(client, pdf)
            #expect(intact["verdict"] as? String == "intact", "\(intact)")
            #expect((intact["document"] as? [String: Any])?["interaction"] as? String == id)
            #expect((intact["seals"] as? [[String: Any]])?.count == 2)
            let (_, earlier) = try await VerifyRouteTests.verify(client, sealedBytes)
            #expect(earlier["verdict"] as? String != "intact", "\(earlier)")
            var flipped = pdf
            flipped[pdf.count / 3] ^= 0x01
            let (_, altered) = try await VerifyRouteTests.verify(client, flipped)
            #expect(altered["verdict"] as? String == "altered", "\(altered)")

            // The certificate of completion covers the final file and tells of the countersignature.
            let certificate = try await client.raw(.get, "\(theirs)/certificate.pdf", token: s.agent)
            #expect(certificate.status == .ok)
            let text = try Samples.text(of: certificate.bytes).replacingOccurrences(of: "\n", with: " ")
            let compact = text.filter { !$0.isWhitespace }
            #expect(compact.contains(FileDigest.sha256(pdf)), "the final file's SHA-256")
            #expect(text.contains("Countersigned by the agent"), "\(text)")
            #expect(compact.contains("awaitingtheagent'scountersignature"), "\(text)")

            // The agent's values travel inside the final file as data too.
            let listed = try Samples.run("pdfdetach", ["-list", path])
            #expect(listed.contains("signet-fields.json") && listed.contains("signet-countersign.json"), "\(listed)")
        }
    }

    @Test("bad input: values checked per field (422), wrong moment (409), not a document, countersign fields kept out of sending")
    func countersignInput() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let (s, id, customer) = try await Self.sent(client, server)
            let path = "\(s.base)/interactions/\(id)/countersign"
            let early = try await client.call(
                .post, path, token: s.agent, json: #"{"values": {"agent_sig": {"strokes": \#(Self.strokes)}}}"#)
            #expect(early.status == .conflict && (early.body["detail"] as? String ?? "").contains("sent"), "\(early.body)")

            _ = try await client.call(
                .post, "/api/v1/customer/interactions/\(id)/finish", json: #"{"values": {"sig": {"strokes": \#(Self.strokes)}}}"#,
                headers: customer)
            let cases: [(String, Set<String>)] = [
                (#"{"values": {"officer": "Daniel"}}"#, ["agent_sig"]),  // required left out
                (#"{"values": {"sig": {"strokes": \#(Self.strokes)}, "agent_sig": {"strokes": \#(Self.strokes)}}}"#, ["sig"]),
                (#"{"values": {"nope": "x", "agent_sig": {"strokes": \#(Self.strokes)}}}"#, ["nope"]),
                (
                    #"{"values": {"officer": "\#(String(repeating: "x", count: 41))", "agent_sig": {"strokes": \#(Self.strokes)}}}"#,
                    ["officer"]
                ),
                (#"{"values": {"agent_sig": {"image": "file:///etc/passwd"}}}"#, ["agent_sig"]),
            ]
            for (body, named) in cases {
                let answer = try await client.call(.post, path, token: s.agent, json: body)
                #expect(answer.status == .unprocessableContent, "\(body): \(answer.body)")
                #expect(problemFields(answer.body) == named, "\(body): \(answer.body)")
            }
            for body in [#"{"values": "x"}"#, "{}", "not json"] {
                let answer = try await client.call(.post, path, token: s.agent, json: body)
                #expect([.badRequest, .unprocessableContent].contains(answer.status), "\(body): \(answer.status)")
            }
            // Still waiting for a good countersignature after all that.
            let shown = try await client.call(.get, "\(s.base)/interactions/\(id)", token: s.agent)
            #expect(shown.body["status"] as? String == "awaitingCountersign")

            // Not a document: refused as such (400), and an unknown interaction is not found.
            let request = try await s.send(client, "document-requests", #"{"documents": [{"type": "idCard"}]}"#)
            let notDocument = try await client.call(
                .post, "\(s.base)/interactions/\(request)/countersign", token: s.agent, json: #"{"values": {}}"#)
            #expect(notDocument.status == .badRequest, "\(notDocument.body)")
            let unknown = try await client.call(.post, "\(s.base)/interactions/nope/countersign", token: s.agent, json: #"{"values": {}}"#)
            #expect(unknown.status == .notFound)

            // Countersign fields are filled at their own moment, and only agent fields are countersigned.
            let letter = try await s.upload(client, "letter.pdf")
            let atSending = try await client.call(
                .post, "\(s.base)/documents", token: s.agent,
                json: #"{"upload": "\#(letter)", "fields": \#(Self.fields), "values": {"officer": "Too early"}}"#)
            #expect(atSending.status == .unprocessableContent && problemFields(atSending.body) == ["officer"], "\(atSending.body)")
            let customerCountersign = try await client.call(
                .post, "\(s.base)/documents", token: s.agent,
                json: #"""
                    {"upload": "\#(letter)", "fields": [{"id": "c", "kind": "text", "role": "customer", "countersign": true,
                      "page": 1, "rect": {"x": 72, "y": 72, "width": 100, "height": 20}}]}
                    """#)
            #expect(customerCountersign.status == .unprocessableContent, "\(customerCountersign.body)")
            #expect(problemFields(customerCountersign.body) == ["fields.c"], "\(customerCountersign.body)")
        }
    }

    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
