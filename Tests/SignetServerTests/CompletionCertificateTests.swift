import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SignetStore

/// A real finish over the API, then what it leaves: the certificate of completion (agent's and
/// customer's copy) read back with pdftotext, the field data embedded in the finished PDF read
/// back with pdfdetach, both files passing qpdf --check, and the record's chain intact.
@Suite("certificate of completion and embedded field data")
struct CompletionCertificateTests {
    static let customerName = "Zoë Ångström-Łukasz"
    static let hebrew = "דנה לוי"
    static let longAgent =
        "Mozilla/5.0 (X11; Linux x86_64) SignetTestBrowser/1.0 " + String(repeating: "VeryLongUserAgentToken-", count: 12)

    func file(_ bytes: [UInt8], _ name: String = "file.pdf") throws -> String {
        let dir = NSTemporaryDirectory() + "signet-cert-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func sha256(_ bytes: [UInt8]) throws -> String {
        String(try Samples.run("sha256sum", [try file(bytes)]).prefix(64))
    }

    @Test(
        "finish, then the certificate names the parties, every event, the hashes and the record's head; the PDF carries signet-fields.json",
        .sqliteOnly)
    func finishedDocument() async throws {
        let server = try await TestServer(onDisk: true)
        // Over a real port, so the record has the clients' IP addresses to print.
        try await server.app.test(.live) { client in
            let s = try await SessionFixture.start(client, server, name: Self.customerName)
            let letter = try await s.upload(client, "letter.pdf")
            let fields = """
                [{"id": "ref", "kind": "text", "label": "Reference", "role": "agent", "page": 1, "rect": {"x": 72, "y": 72, "width": 200, "height": 20}},
                 {"id": "full_name", "kind": "text", "label": "Full name", "role": "customer", "required": true, "page": 1, "rect": {"x": 72, "y": 110, "width": 220, "height": 20}},
                 {"id": "agree", "kind": "checkbox", "label": "I agree", "role": "customer", "page": 1, "rect": {"x": 72, "y": 140, "width": 14, "height": 14}},
                 {"id": "sig", "kind": "signature", "label": "Signature", "role": "customer", "required": true, "page": 1, "rect": {"x": 72, "y": 170, "width": 200, "height": 50}}]
                """
            let document = try await s.send(
                client, "documents", #"{"upload": "\#(letter)", "title": "Loan terms ✓", "values": {"ref": "R-42"}, "fields": \#(fields)}"#)
            let request = try await s.send(client, "document-requests", #"{"documents": [{"type": "idCard"}]}"#)
            let customer = try await s.customer(client)
            let mine = "/api/v1/customer/interactions/\(document)"
            let theirs = "\(s.base)/interactions/\(document)"

            // Before completion: a clear 409 on both sides; 404 for anything but a document.
            let early = try await client.call(.get, "\(theirs)/certificate.pdf", token: s.agent)
            #expect(
                early.status == .conflict && (early.body["detail"] as? String ?? "").contains("the document is not completed yet"),
                "\(early.body)")
            #expect(try await client.call(.get, "\(mine)/certificate.pdf", headers: customer).status == .conflict)
            #expect(try await client.call(.get, "\(s.base)/interactions/\(request)/certificate.pdf", token: s.agent).status == .notFound)

            // Enough events of this document to need a second page of the table.
            for _ in 0..<45 { _ = try await client.raw(.get, "\(theirs)/original.pdf", token: s.agent) }
            var finishing = customer
            finishing[.userAgent] = Self.longAgent
            let finished = try await client.call(
                .post, "\(mine)/finish",
                json: #"{"values": {"full_name": "\#(Self.hebrew)", "agree": true, "sig": {"strokes": [[[2, 2], [40, 30], [90, 10]]]}}}"#,
                headers: finishing)
            #expect(finished.status == .ok, "\(finished.body)")
            #expect(finished.body["status"] as? String == "completed")
            let issued = try #require((finished.body["document"] as? [String: Any])?["certificateSha256"] as? String)

            let certificate = try await client.raw(.get, "\(theirs)/certificate.pdf", token: s.agent)
            #expect(certificate.status == .ok && certificate.headers[.contentType] == "application/pdf")
            let copy = try await client.raw(.get, "\(mine)/certificate.pdf", headers: customer)
            #expect(copy.status == .ok && copy.bytes == certificate.bytes)
            #expect(try sha256(certificate.bytes) == issued, "the certificate issued at finish time is the one served")
            let pdf = try await client.raw(.get, "\(theirs)/finished.pdf", token: s.agent).bytes
            let original = try await client.raw(.get, "\(theirs)/original.pdf", token: s.agent).bytes

            let record = try await client.call(.get, "\(s.base)/events", token: s.agent)
            let events = try #require(record.body["items"] as? [[String: Any]])
            let completed = try #require(
                events.first { $0["kind"] as? String == "completed" && ($0["detail"] as? [String: String])?["interaction"] == document })
            let head = try #require(completed["hash"] as? String)
            #expect(events.contains { $0["kind"] as? String == "certificateIssued" })

            let text = try Samples.text(of: certificate.bytes)
            let flat = text.replacingOccurrences(of: "\n", with: " ")
            #expect(text.contains("Certificate of completion"))
            #expect(text.contains("Loan terms ✓"))
            #expect(text.contains(Self.customerName))
            #expect(text.contains("amara@example.com") && text.contains("agent@example.com"))
            #expect(text.contains(try sha256(original)), "the original's SHA-256")
            #expect(text.contains(try sha256(pdf)), "the finished PDF's SHA-256")
            #expect(text.contains(head), "the record's head hash at completion")
            #expect(text.contains("#\(completed["id"] as! Int)"))
            // Sealed like the finished document, and naming the seal certificate it is sealed with.
            let seal = try server.services.sealKeys.identity().identity
            let compact = text.filter { !$0.isWhitespace }
            #expect(compact.contains(seal.fingerprint.filter { !$0.isWhitespace }), "the seal certificate's fingerprint")
            #expect(String(decoding: certificate.bytes, as: UTF8.self).contains("/SubFilter /ETSI.CAdES.detached"))
            #expect(flat.contains("SignetTestBrowser/1.0"), "the customer's user agent, wrapped in its cell")
            #expect(text.contains("127.0.0.1"), "the clients' IP address")
            #expect(flat.contains("Document finished") && flat.contains("customer link") && text.contains("(continued)"))
            let info = try Samples.run("pdfinfo", [try file(certificate.bytes)])
            let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
            #expect(pages >= 2, "\(info)")
            try Samples.run("qpdf", ["--check", try file(certificate.bytes)])

            // The field data: readable without OCR, signatures only as "signed".
            let finishedPath = try file(pdf, "finished.pdf")
            try Samples.run("qpdf", ["--check", finishedPath])
            let list = try Samples.run("pdfdetach", ["-list", finishedPath])
            #expect(list.contains("1 embedded files") && list.contains("signet-fields.json"), "\(list)")
            let saved = finishedPath + ".json"
            try Samples.run("pdfdetach", ["-save", "1", "-o", saved, finishedPath])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any])
            #expect(json["format"] as? String == "signet-fields/1")
            #expect((json["document"] as? [String: String])?["interaction"] == document)
            let values = Dictionary(
                uniqueKeysWithValues: try #require(json["fields"] as? [[String: Any]]).map { ($0["id"] as! String, $0["value"] as Any) })
            #expect(values["ref"] as? String == "R-42")
            #expect(values["full_name"] as? String == Self.hebrew)
            #expect(values["agree"] as? Bool == true)
            #expect(values["sig"] as? String == "signed")
            #expect(!String(decoding: try Data(contentsOf: URL(fileURLWithPath: saved)), as: UTF8.self).contains("strokes"))

            // The record stayed one intact chain through it all.
            #expect(try RecordAudit.verify(databaseAt: server.databasePath).intact)
        }
    }

    @Test("another customer's certificate is not found")
    func confined() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let a = try await SessionFixture.start(client, server)
            let letter = try await a.upload(client, "letter.pdf")
            let document = try await a.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let customerA = try await a.customer(client)
            #expect(
                try await client.call(.post, "/api/v1/customer/interactions/\(document)/finish", json: "{}", headers: customerA).status
                    == .ok)
            let b = try await SessionFixture.start(client, server, name: "Lee Chen")
            let customerB = try await b.customer(client)
            #expect(
                try await client.call(.get, "/api/v1/customer/interactions/\(document)/certificate.pdf", headers: customerB).status
                    == .notFound)
            #expect(
                try await client.raw(.get, "/api/v1/customer/interactions/\(document)/certificate.pdf", headers: customerA).status == .ok)
        }
    }
}
