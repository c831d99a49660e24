import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SignetFiles
import Testing

@testable import SignetServer

/// Every finished document is sealed: checked over HTTP the way a recipient would, with the
/// chain the service publishes as the only trust anchors for pyHanko, and with pdfsig.
@Suite("Sealed finish")
struct SealedFinishTests {
    @Test("template, plain and AcroForm uploads: every finished PDF carries a seal both validators accept")
    func finishedDocumentsAreSealed() async throws {
        let server = try await TestServer()
        try await server.app.test(.live) { client in
            let fixture = try await SessionFixture.start(client, server)
            let signatureField = #"""
                "fields": [{"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": true,
                  "page": 1, "rect": {"x": 300, "y": 640, "width": 220, "height": 60}}]
                """#
            let loan = try await fixture.send(
                client, "documents", #"{"template": "loan-application", "values": \#(SeedFlowTests.agentValues)}"#)
            var uploads: [String] = []
            for sample in ["letter.pdf", "form.pdf"] {
                let sha = try await fixture.upload(client, sample)
                uploads.append(try await fixture.send(client, "documents", #"{"upload": "\#(sha)", \#(signatureField)}"#))
            }
            let customer = try await fixture.customer(client)
            let mine = "/api/v1/customer/interactions"
            let loanDone = try await client.call(
                .post, "\(mine)/\(loan)/finish",
                json: #"""
                    {"values": {"full_name": "Amara Okafor", "date_of_birth": "1988-03-14", "email": "amara@example.com",
                     "phone": "+447700900123", "repayment_frequency": "monthly", "agree_terms": true,
                     "customer_signature": {"strokes": \#(SeedFlowTests.strokes)}}}
                    """#, headers: customer)
            #expect(loanDone.body["status"] as? String == "completed", "\(loanDone.body)")
            for id in uploads {
                let done = try await client.call(
                    .post, "\(mine)/\(id)/finish", json: #"{"values": {"sig": {"strokes": \#(SeedFlowTests.strokes)}}}"#,
                    headers: customer)
                #expect(done.body["status"] as? String == "completed", "\(done.body)")
            }

            // The published chain, fetched without a login.
            let chain = try await client.raw(.get, "/api/v1/seal/certificate.pem")
            #expect(chain.status == .ok && chain.headers[.contentType] == "application/pem-certificate-chain")
            let dir = NSTemporaryDirectory() + "signet-sealed-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(chain.bytes).write(to: URL(fileURLWithPath: dir + "/chain.pem"))
            #expect(String(decoding: chain.bytes, as: UTF8.self).components(separatedBy: "BEGIN CERTIFICATE").count == 3)

            let events = try await client.call(.get, "\(fixture.base)/events", token: fixture.agent).body["items"] as? [[String: Any]] ?? []
            let recorded = Set(
                events.filter { $0["kind"] as? String == "completed" }.compactMap { ($0["detail"] as? [String: String])?["sha256"] })
            for id in [loan] + uploads {
                let pdf = try await client.raw(.get, "\(fixture.base)/interactions/\(id)/finished.pdf", token: fixture.agent)
                #expect(pdf.status == .ok)
                let path = dir + "/\(id).pdf"
                try Data(pdf.bytes).write(to: URL(fileURLWithPath: path))
                // The event of the finish names the sealed file.
                #expect(recorded.contains(FileDigest.sha256(pdf.bytes)))
                let pdfsig = try Self.run("pdfsig", ["-nocert", path])
                #expect(pdfsig.output.contains("Signature Field Name: Seal1"), "\(pdfsig.output)")
                #expect(pdfsig.output.contains("- Signature Validation: Signature is Valid."), "\(pdfsig.output)")
                #expect(pdfsig.output.contains("- Total document signed"), "\(pdfsig.output)")
                let pyhanko = try Self.run(
                    "pyhanko", ["sign", "validate", "--trust", dir + "/chain.pem", "--trust-replace", "--no-revocation-check", path])
                #expect(pyhanko.status == 0, "\(pyhanko.output)")
            }
            // The development identity was made once, privately, in the data folder.
            let keys = server.configuration.dataDirectory + "/keys"
            let mode = try FileManager.default.attributesOfItem(atPath: keys)[.posixPermissions] as? Int
            #expect(mode == 0o700)
        }
    }

    private static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
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
