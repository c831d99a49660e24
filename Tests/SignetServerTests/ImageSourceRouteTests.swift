import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SignetModel
import SignetTemplates
import Testing

@testable import SignetServer
@testable import SignetSessions

/// The server never reads its own files for a caller: an image value or prefill over HTTP is a
/// data: URL holding a PNG or JPEG, wherever it comes from (ad hoc fields, values, several
/// documents at once, templates edited or on disk, workflows, batch rows, bulk sends, the
/// customer's values). Each attack answers 422 naming the field, the same for a path that
/// exists and one that does not.
@Suite("Images over HTTP")
struct ImageSourceRouteTests {
    /// Paths an attacker would try: secrets, a device that never ends, a relative path, a
    /// file: URL, a real PNG on the server, and a path that does not exist.
    static let paths = [
        "/etc/passwd", "/dev/zero", "SampleDocs/signature.png", "file:///etc/passwd", Samples.root + "/SampleDocs/signature.png",
        "/nonexistent/stamp.png",
    ]

    static var signaturePNG: String {
        get throws { "data:image/png;base64," + Data(try Samples.bytes("SampleDocs/signature.png")).base64EncodedString() }
    }

    static func imageField(_ id: String, role: String = "agent", value: String? = nil) -> String {
        let prefill = value.map { #", "value": {"image": "\#($0)"}"# } ?? ""
        return
            #"{"id": "\#(id)", "label": "Stamp", "kind": "image", "role": "\#(role)", "page": 1, "rect": {"x": 72, "y": 600, "width": 160, "height": 90}\#(prefill)}"#
    }

    @Test(
        "ad hoc documents: a path as a prefill (agent or customer field) or as a value is refused, naming the field; a PNG data URL is drawn"
    )
    func adHoc() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let post = { (json: String) in
                try await client.raw(
                    .post, "\(s.base)/documents", token: s.agent, body: Array(json.utf8), headers: [.contentType: "application/json"])
            }
            var bodies: Set<String> = []
            for path in Self.paths {
                let refused = try await post(#"{"upload": "\#(letter)", "fields": [\#(Self.imageField("stamp", value: path))]}"#)
                #expect(refused.status == .unprocessableContent, "\(path)")
                #expect(problemFields(try json(refused.bytes)) == ["stamp"], "\(path)")
                bodies.insert(String(decoding: refused.bytes, as: UTF8.self))
            }
            // One answer for every path: nothing tells which ones exist on the server.
            #expect(bodies.count == 1, "\(bodies)")
            let customerPrefill = try await post(
                #"{"upload": "\#(letter)", "fields": [\#(Self.imageField("photo", role: "customer", value: "/etc/passwd"))]}"#)
            #expect(customerPrefill.status == .unprocessableContent)
            #expect(problemFields(try json(customerPrefill.bytes)) == ["photo"])
            let value = try await post(
                #"{"upload": "\#(letter)", "fields": [\#(Self.imageField("stamp"))], "values": {"stamp": {"image": "/etc/passwd"}}}"#)
            #expect(value.status == .unprocessableContent)
            #expect(problemFields(try json(value.bytes)) == ["stamp"])
            let notAnImage = "data:image/png;base64," + Data("#!/bin/sh".utf8).base64EncodedString()
            let fake = try await post(#"{"upload": "\#(letter)", "fields": [\#(Self.imageField("stamp", value: notAnImage))]}"#)
            #expect(fake.status == .unprocessableContent)
            #expect(problemFields(try json(fake.bytes)) == ["stamp"])
            let several = try await post(
                #"{"documents": [{"upload": "\#(letter)", "title": "A"}, {"upload": "\#(letter)", "fields": [\#(Self.imageField("stamp", value: "/dev/zero"))]}]}"#
            )
            #expect(several.status == .unprocessableContent)
            #expect(problemFields(try json(several.bytes)) == ["documents[1].stamp"])

            let drawn = try await post(#"{"upload": "\#(letter)", "fields": [\#(Self.imageField("stamp", value: try Self.signaturePNG))]}"#)
            #expect(drawn.status == .created, "\(String(decoding: drawn.bytes, as: UTF8.self))")
        }
    }

    @Test("templates: an agent value or a workflow step naming a path is refused; an admin's edit cannot point a prefill at a path")
    func templatesAndWorkflows() async throws {
        let server = try await AdminRouteTests.server()
        try FileManager.default.copyItem(
            atPath: Samples.root + "/Templates/account-opening", toPath: server.configuration.templatesDirectory + "/account-opening")
        let admin = try await server.token(server.admin)
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let agentValues = #""branch_code": "04-00-04", "account_type": "current""#
            let sent = try await client.call(
                .post, "\(s.base)/documents", token: s.agent,
                json: #"{"template": "account-opening", "values": {\#(agentValues), "bank_stamp": {"image": "/etc/passwd"}}}"#)
            #expect(sent.status == .unprocessableContent && problemFields(sent.body) == ["bank_stamp"], "\(sent.body)")

            let step = #"{"kind": "template", "template": "account-opening", "values": {"bank_stamp": {"image": "/etc/shadow"}}}"#
            let defined = try await client.call(.post, "/api/v1/workflows", token: admin, json: #"{"name": "Open", "steps": [\#(step)]}"#)
            #expect(defined.status == .unprocessableContent && problemFields(defined.body) == ["steps[0].bank_stamp"], "\(defined.body)")
            let plain = try await client.call(
                .post, "/api/v1/workflows", token: admin,
                json: #"{"name": "Open", "steps": [{"kind": "template", "template": "account-opening"}]}"#)
            let workflow = try #require(plain.body["id"] as? String)
            let values = #"{"1": {\#(agentValues), "bank_stamp": {"image": "/etc/passwd"}}}"#
            let flowSent = try await client.call(
                .post, "\(s.base)/workflows", token: s.agent, json: #"{"workflow": "\#(workflow)", "values": \#(values)}"#)
            #expect(flowSent.status == .unprocessableContent && problemFields(flowSent.body) == ["steps[1].bank_stamp"], "\(flowSent.body)")

            let made = try await client.raw(
                .post, "/api/v1/templates?name=Letter&folder=Tests", token: admin, body: try Samples.bytes("SampleDocs/letter.pdf"))
            #expect(made.status == .created)
            for path in ["/etc/passwd", "/dev/zero"] {
                let edit = try await client.call(
                    .put, "/api/v1/templates/letter", token: admin, json: #"{"fields": [\#(Self.imageField("stamp", value: path))]}"#)
                #expect(edit.status == .unprocessableContent && problemFields(edit.body) == ["fields.stamp"], "\(edit.body)")
            }
            let good = try await client.call(
                .put, "/api/v1/templates/letter", token: admin,
                json: #"{"fields": [\#(Self.imageField("stamp", value: try Self.signaturePNG))]}"#)
            #expect(good.status == .ok)
        }
    }

    @Test("a template folder whose prefill names a file is unusable over HTTP: its problem is shown and sends are refused")
    func templateOnDisk() async throws {
        let server = try await AdminRouteTests.server()
        let stamp = FieldDefinition(
            id: "stamp", kind: .image, role: .agent, value: .image(Samples.root + "/SampleDocs/signature.png"), page: 1,
            rect: MeasuredRect(x: 72, y: 600, width: 160, height: 90))
        let definition = TemplateDefinition(name: "Stamped", fields: [stamp])
        _ = try TemplateFolder.write(
            definition, document: Samples.root + "/SampleDocs/letter.pdf", to: server.configuration.templatesDirectory + "/stamped")
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let detail = try await client.call(.get, "/api/v1/templates/stamped", token: s.agent)
            let shown = (detail.body["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(shown == ["stamp"], "\(detail.body)")
            let sent = try await client.call(.post, "\(s.base)/documents", token: s.agent, json: #"{"template": "stamped"}"#)
            #expect(sent.status == .unprocessableContent && problemFields(sent.body) == ["stamp"], "\(sent.body)")
        }
    }

    @Test("bulk send and batch rows: an image cell naming a path fails its row, naming the field")
    func rows() async throws {
        let server = try await AdminRouteTests.server()
        try FileManager.default.copyItem(
            atPath: Samples.root + "/Templates/account-opening", toPath: server.configuration.templatesDirectory + "/account-opening")
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let csv = "name,email,branch_code,account_type,bank_stamp\nAmara,amara@example.com,04-00-04,current,/etc/passwd\n"
            let bulk = try await client.raw(
                .post, "/api/v1/bulk-sends?template=account-opening&format=csv&dryRun=true", token: agent, body: Array(csv.utf8))
            let bulkId = try #require(try json(bulk.bytes)["id"] as? String)
            let bulkLine = try await BatchJobRouteTests.reportLines(client, bulkId, agent).first
            #expect(bulkLine?["status"] as? String == "failed" && BatchJobRouteTests.reportFields(bulkLine) == ["bank_stamp"])

            // A data URL holds a comma, so its cell is quoted.
            let rows = "branch_code,account_type,bank_stamp\n04-00-04,current,/etc/passwd\n04-00-04,current,\"\(try Self.signaturePNG)\"\n"
            let batch = try await client.raw(
                .post, "/api/v1/batch-jobs?template=account-opening&format=csv&stage=send&jobs=1", token: agent, body: Array(rows.utf8))
            let batchId = try #require(try json(batch.bytes)["id"] as? String)
            let lines = try await BatchJobRouteTests.reportLines(client, batchId, agent)
            #expect(lines.map { $0["status"] as? String } == ["failed", "written"], "\(lines)")
            #expect(BatchJobRouteTests.reportFields(lines.first) == ["bank_stamp"])
        }
    }

    @Test("the customer's values: a signature naming a path is refused, naming the field")
    func customer() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let id = try await s.send(
                client, "documents", #"{"template": "loan-application", "values": \#(DocumentRouteTests.loanValues)}"#)
            let customer = try await s.customer(client)
            for (method, action) in [(HTTPRequest.Method.put, "values"), (.post, "finish")] {
                let answer = try await client.call(
                    method, "/api/v1/customer/interactions/\(id)/\(action)",
                    json: #"{"values": {"customer_signature": {"image": "/etc/passwd"}}}"#, headers: customer)
                #expect(answer.status == .unprocessableContent && problemFields(answer.body) == ["customer_signature"], "\(answer.body)")
            }
        }
    }
}
