import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions

/// File names come from the uploader and are shown to the other side: a right-to-left override
/// (U+202E) would make `invoice‮fdp.exe` read as `invoiceexe.pdf`, so control and format
/// characters are dropped before a name is kept.
@Suite("Upload names")
struct UploadNameTests {
    @Test("bidi overrides and control characters are dropped from the names of agent and customer uploads")
    func spoofedNames() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let agentUpload = try await client.raw(
                .post, "\(s.base)/uploads?name=contract%E2%80%AEfdp.exe%07", token: s.agent,
                body: try Samples.bytes("SampleDocs/letter.pdf"))
            #expect(try json(agentUpload.bytes)["fileName"] as? String == "contractfdp.exe")
            let request = try await s.send(client, "document-requests", #"{"documents": [{"type": "idCard"}]}"#)
            var photo = try await s.customer(client)
            photo[.contentType] = "image/jpeg"
            let customerUpload = try await client.raw(
                .post, "/api/v1/customer/interactions/\(request)/uploads?type=idCard&name=%E2%80%AE%E2%81%A6id%E2%80%8Bgpj.exe",
                body: try Samples.jpeg(), headers: photo)
            #expect(customerUpload.status == .created)
            #expect(try json(customerUpload.bytes)["fileName"] as? String == "idgpj.exe")
            // Nothing but hidden characters: no name at all.
            let hiddenOnly = try await client.raw(
                .post, "/api/v1/customer/interactions/\(request)/uploads?type=idCard&name=%E2%80%AE", body: try Samples.jpeg(),
                headers: photo)
            #expect(try json(hiddenOnly.bytes)["fileName"] == nil)
        }
    }
}
