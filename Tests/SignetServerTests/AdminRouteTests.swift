import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Admin routes (templates made from PDFs and edited, agent accounts), the preview of an
/// uploaded PDF for the field editor, and the browser pages served beside the API.
@Suite("Admin routes and pages")
struct AdminRouteTests {
    /// A server whose templates folder is a scratch copy, since these tests write templates.
    static func server(onDisk: Bool = false) async throws -> TestServer {
        let templates = NSTemporaryDirectory() + "signet-templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        return try await TestServer(onDisk: onDisk) { $0.templatesDirectory = templates }
    }

    @Test("templates: an admin makes one from a PDF (form fields or text tags); agents, non-PDFs, bad and taken slugs are refused")
    func createTemplate() async throws {
        let server = try await Self.server()
        let admin = try await server.token(server.admin)
        let agent = try await server.token(server.agent)
        let form = try Samples.bytes("SampleDocs/form.pdf")
        try await server.app.test(.router) { client in
            let path = "/api/v1/templates?name=Sample%20form&folder=Tests&fromFormFields=true"
            #expect(try await client.raw(.post, path, token: agent, body: form).status == .forbidden)
            #expect(try await client.raw(.post, path, body: form).status == .unauthorized)
            let notPDF = try await client.raw(.post, path, token: admin, body: Array("hello, not a PDF".utf8))
            #expect(notPDF.status == .unsupportedMediaType)
            let badSlug = try await client.raw(.post, "/api/v1/templates?name=X&slug=Bad%20Slug", token: admin, body: form)
            let badSlugFields = problemFields(try json(badSlug.bytes))
            #expect(badSlug.status == .unprocessableContent && badSlugFields == ["slug"])
            // A misspelt switch is refused, not read as "no" (the template would come out empty).
            let badFlag = try await client.raw(.post, "/api/v1/templates?name=X&fromFormFields=ture", token: admin, body: form)
            #expect(badFlag.status == .badRequest && String(decoding: badFlag.bytes, as: UTF8.self).contains("fromFormFields"))

            let made = try await client.raw(.post, path, token: admin, body: form)
            #expect(made.status == .created && made.headers[.location] == "/api/v1/templates/sample-form")
            let template = try #require(try json(made.bytes)["template"] as? [String: Any])
            #expect(template["version"] as? Int == 1 && template["folder"] as? String == "Tests")
            #expect((template["fields"] as? [Any])?.isEmpty == false)
            #expect(FileManager.default.fileExists(atPath: server.configuration.templatesDirectory + "/sample-form/template.json"))
            let listed = try await client.call(.get, "/api/v1/templates?folder=Tests", token: agent)
            #expect((listed.body["items"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } == ["sample-form"])
            #expect(try await client.raw(.post, path, token: admin, body: form).status == .conflict)

            let tagged = try await client.raw(
                .post, "/api/v1/templates?name=Tagged&fromTextTags=true", token: admin, body: try Samples.bytes("SampleDocs/tagged.pdf"))
            let tagCount = try json(tagged.bytes)["tagCount"] as? Int ?? 0
            #expect(tagged.status == .created && tagCount > 0)
            // Nothing half-made is left beside the templates.
            let names = try FileManager.default.contentsOfDirectory(atPath: server.configuration.templatesDirectory)
            #expect(Set(names) == ["sample-form", "tagged"])
        }
    }

    @Test("templates: an edit is checked against the document, saved as the next version; stale versions and agents are refused")
    func updateTemplate() async throws {
        let server = try await Self.server()
        let admin = try await server.token(server.admin)
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let made = try await client.raw(
                .post, "/api/v1/templates?name=Letter&folder=Tests", token: admin, body: try Samples.bytes("SampleDocs/letter.pdf"))
            #expect(made.status == .created)
            let signature = #"{"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": true, "page": 1,"#
            let good =
                #"{"version": 1, "folder": "Letters", "fields": [\#(signature) "rect": {"x": 300, "y": 500, "width": 160, "height": 40}}]}"#
            #expect(try await client.call(.put, "/api/v1/templates/letter", token: agent, json: good).status == .forbidden)
            let outside = #"{"fields": [\#(signature) "rect": {"x": 580, "y": 500, "width": 160, "height": 40}}]}"#
            let refused = try await client.call(.put, "/api/v1/templates/letter", token: admin, json: outside)
            #expect(refused.status == .unprocessableContent && problemFields(refused.body) == ["fields.sig"])

            let saved = try await client.call(.put, "/api/v1/templates/letter", token: admin, json: good)
            #expect(saved.status == .ok && saved.body["version"] as? Int == 2 && saved.body["folder"] as? String == "Letters")
            let fields = try #require(saved.body["fields"] as? [[String: Any]])
            #expect(fields.count == 1 && (fields[0]["rect"] as? [String: Any])?["x"] as? Double == 300)
            let stale = try await client.call(.put, "/api/v1/templates/letter", token: admin, json: good)
            #expect(stale.status == .conflict)
            #expect(try await client.call(.put, "/api/v1/templates/nope", token: admin, json: good).status == .notFound)
            #expect(try await client.call(.put, "/api/v1/templates/letter", token: admin, json: #"{"fields": 3}"#).status == .badRequest)
        }
    }

    @Test("templates: six edits of one version at the same moment, on two instances sharing the templates: one saved, five 409s, none lost")
    func simultaneousEdits() async throws {
        // On SQLite the second instance opens the first one's file, as on PostgreSQL its schema.
        let a = try await Self.server(onDisk: true)
        let b = try await TestServer(beside: a)
        let admin = try await a.token(a.admin)
        let signature = #"{"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": true, "page": 1,"#
        let edit: @Sendable (Int) -> String = { x in
            #"{"version": 1, "fields": [\#(signature) "rect": {"x": \#(x), "y": 500, "width": 160, "height": 40}}]}"#
        }
        try await a.app.test(.router) { first in
            try await b.app.test(.router) { second in
                let made = try await first.raw(
                    .post, "/api/v1/templates?name=Letter&folder=Tests", token: admin, body: try Samples.bytes("SampleDocs/letter.pdf"))
                #expect(made.status == .created)
                let answers = try await withThrowingTaskGroup(of: (x: Int, status: HTTPResponse.Status).self) { group in
                    for i in 0..<6 {
                        group.addTask {
                            let x = 100 + 10 * i
                            let client: any TestClientProtocol = i % 2 == 0 ? first : second
                            return (x, try await client.call(.put, "/api/v1/templates/letter", token: admin, json: edit(x)).status)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let saved = answers.filter { $0.status == .ok }
                #expect(saved.count == 1 && answers.filter { $0.status == .conflict }.count == 5, "\(answers)")
                // What the one 200 saved is what both instances now read, as version 2.
                for client: any TestClientProtocol in [first, second] {
                    let now = try await client.call(.get, "/api/v1/templates/letter", token: admin)
                    let fields = try #require(now.body["fields"] as? [[String: Any]])
                    #expect(now.body["version"] as? Int == 2)
                    #expect((fields.first?["rect"] as? [String: Any])?["x"] as? Double == saved.first.map { Double($0.x) })
                }
            }
        }
    }

    @Test("users: admins list and create agents; bad emails, weak or repeated passwords and agents are refused")
    func users() async throws {
        let server = try await TestServer()
        let admin = try await server.token(server.admin)
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            #expect(try await client.call(.get, "/api/v1/users", token: agent).status == .forbidden)
            let listed = try await client.call(.get, "/api/v1/users", token: admin)
            #expect((listed.body["items"] as? [[String: Any]])?.count == 3)
            #expect(!String(describing: listed.body).contains("passwordHash"))
            let body = #"{"email": "new@example.com", "name": "New Agent", "password": "a-long-password"}"#
            #expect(try await client.call(.post, "/api/v1/users", token: agent, json: body).status == .forbidden)
            let made = try await client.call(.post, "/api/v1/users", token: admin, json: body)
            #expect(made.status == .created && made.body["role"] as? String == "agent")
            let again = try await client.call(.post, "/api/v1/users", token: admin, json: body)
            #expect(again.status == .unprocessableContent && problemFields(again.body) == ["email"])
            let weak = try await client.call(
                .post, "/api/v1/users", token: admin, json: #"{"email": "weak@example.com", "password": "password"}"#)
            #expect(weak.status == .unprocessableContent && problemFields(weak.body) == ["password"])
            let login = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "new@example.com", "password": "a-long-password"}"#)
            #expect(login.status == .ok)
        }
    }

    @Test("an uploaded PDF's pages are previewed for the field editor, only in its own session")
    func stagedPreview() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let session = try await SessionFixture.start(client, server)
            let sha = try await session.upload(client, "letter.pdf")
            let png = try await client.raw(.get, "\(session.base)/uploads/\(sha)/pages/1?width=200", token: session.agent)
            #expect(png.status == .ok && png.headers[.contentType] == "image/png")
            #expect(try await client.call(.get, "\(session.base)/uploads/\(sha)/pages/2", token: session.agent).status == .badRequest)
            #expect(
                try await client.call(.get, "\(session.base)/uploads/\(String(repeating: "0", count: 64))/pages/1", token: session.agent)
                    .status == .notFound)
            let other = try await server.token(server.otherAgent)
            #expect(try await client.call(.get, "\(session.base)/uploads/\(sha)/pages/1", token: other).status == .notFound)
        }
    }

    @Test("the browser pages are served with the strict content policy; API misses stay problems")
    func pages() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            for (path, type) in [
                ("/", "text/html"), ("/customer/", "text/html"), ("/admin/", "text/html"), ("/js/console.js", "javascript"),
            ] {
                let page = try await client.raw(.get, path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType]?.contains(type) == true, "\(path)")
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.hasPrefix("default-src 'self'") && !policy.contains("unsafe"), "\(path)")
                #expect(page.headers[.cacheControl] == "no-cache", "\(path)")
            }
            // The customer link lands on /customer, which the file server completes to the folder.
            #expect(try await client.raw(.get, "/customer").headers[.location] == "/customer/")
            // A password reset link keeps its token on the way to the page.
            #expect(try await client.raw(.get, "/reset?token=abc").headers[.location] == "/reset/?token=abc")
            #expect(try await client.call(.get, "/api/v1/nowhere").body["type"] as? String == "https://signet.example/problems/no-route")
            #expect(try await client.raw(.get, "/../Package.swift").status != .ok)
            // Paths the API owns are never looked up as files.
            #expect(
                try await client.call(.get, "/api/v1/templates/..%2Fetc", token: try await server.token(server.agent)).status == .notFound)
            #expect(try await client.call(.get, "/s/..%2Fetc").status == .notFound)
            // No page embeds a script or an inline handler: the policy would refuse it anyway.
            let console = String(decoding: try await client.raw(.get, "/").bytes, as: UTF8.self)
            #expect(console.contains("<script type=\"module\" src=\"/js/console.js\"></script>") && !console.contains("onclick"))
        }
    }
}
