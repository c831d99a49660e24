import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Documents in sessions: templates, uploaded PDFs and their preflight, field placement,
/// previews, finishing, approving and declining, each with its bad inputs.
@Suite("Document interactions")
struct DocumentRouteTests {
    static let loanValues = #"""
        {"loan_reference": "LN-204816", "offer_date": "2026-11-18", "agent_name": "Dan", "loan_amount": "25000", "term": "36 months",
         "interest_rate": "6.9"}
        """#

    @Test("templates: listed by folder and search, with placed fields and page previews; unknown ones are 404")
    func templates() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let all = try await client.call(.get, "/api/v1/templates", token: agent)
            let slugs = (all.body["items"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
            #expect(Set(slugs) == ["loan-application", "consent-form", "account-opening"])
            let searched = try await client.call(.get, "/api/v1/templates?q=loan", token: agent)
            #expect((searched.body["items"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } == ["loan-application"])
            #expect(
                (try await client.call(.get, "/api/v1/templates?folder=Nowhere", token: agent).body["items"] as? [Any])?.isEmpty == true)
            let detail = try await client.call(.get, "/api/v1/templates/consent-form", token: agent)
            // The consent form's signature is anchored in millimetres; here it comes back placed, in points.
            let signature = (detail.body["fields"] as? [[String: Any]])?.first { $0["id"] as? String == "patient_signature" }
            #expect((signature?["rect"] as? [String: Any])?["x"] is Double)
            #expect(try await client.call(.get, "/api/v1/templates/nope", token: agent).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/templates/..%2Fetc", token: agent).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/templates").status == .unauthorized)
            let png = try await client.raw(.get, "/api/v1/templates/consent-form/pages/1?width=300", token: agent)
            #expect(png.status == .ok && png.headers[.contentType] == "image/png")
            #expect(try await client.call(.get, "/api/v1/templates/consent-form/pages/9", token: agent).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/templates/consent-form/pages/1?width=5000", token: agent).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/templates/consent-form/pages/1?width=-3", token: agent).status == .badRequest)
            let types = try await client.call(.get, "/api/v1/document-types?q=pass", token: agent)
            #expect((types.body["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["passport"])
        }
    }

    @Test("sending a template: agent-required fields named, values checked per kind, images only as data URLs")
    func templateSend() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let post = { (json: String) in try await client.call(.post, "\(s.base)/documents", token: s.agent, json: json) }
            #expect(try await post(#"{"template": "nope"}"#).status == .notFound)
            #expect(problemFields(try await post("{}").body) == ["template"])
            #expect(problemFields(try await post(#"{"template": "loan-application", "upload": "ab"}"#).body) == ["template"])
            let wrong = try await post(
                #"{"template": "loan-application", "values": {"loan_reference": "LN-204816", "offer_date": "yesterday", "agent_name": "Dan", "loan_amount": "lots", "term": "7 years", "interest_rate": "6.9", "full_name": "Me", "ghost": "x"}}"#
            )
            #expect(wrong.status == .unprocessableContent)
            #expect(problemFields(wrong.body) == ["offer_date", "loan_amount", "term", "full_name", "ghost"])
            let consent = try await post(
                #"{"template": "consent-form", "values": {"clinician": "Dr Who", "procedure": "x", "clinic_name": {"image": "/etc/passwd"}}}"#
            )
            #expect(problemFields(consent.body).contains("clinic_name"))
            #expect(
                try await post(#"{"template": "loan-application", "title": "", "values": \#(Self.loanValues)}"#).status
                    == .unprocessableContent)
            #expect(try await post(#"{"template": "loan-application", "values": \#(Self.loanValues)}"#).status == .created)
            #expect(try await client.call(.post, "\(s.base)/documents", json: "{}").status == .unauthorized)
            let other = try await server.token(server.otherAgent)
            #expect(try await client.call(.post, "\(s.base)/documents", token: other, json: "{}").status == .notFound)
            #expect(try await post(#"{"template": 7}"#).status == .badRequest)
        }
    }

    @Test("uploads are checked by content and preflighted: not a PDF, empty, encrypted, damaged, too large")
    func uploads() async throws {
        let server = try await TestServer { $0.maxDocumentBytes = 200_000 }
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let up = { (bytes: [UInt8]) in try await client.raw(.post, "\(s.base)/uploads?name=x.pdf", token: s.agent, body: bytes) }
            #expect(try await up(Array("hello, not a PDF".utf8)).status == .unsupportedMediaType)
            #expect(try await up([]).status == .badRequest)
            #expect(try await up(Array("%PDF-1.7\n garbage with no objects".utf8)).status == .unprocessableContent)
            #expect(try await up([UInt8](repeating: 0x25, count: 300_000)).status == .contentTooLarge)
            let encrypted = try Samples.encrypted("SampleDocs/letter.pdf")
            let refused = try await up(encrypted)
            #expect(refused.status == .unprocessableContent)
            #expect(String(decoding: refused.bytes, as: UTF8.self).contains("encrypted"))
            #expect(!String(decoding: refused.bytes, as: UTF8.self).contains(server.configuration.dataDirectory))
            let good = try await up(try Samples.bytes("SampleDocs/letter.pdf"))
            #expect(good.status == .created)
            let pages = try json(good.bytes)["pages"] as? [[String: Any]]
            #expect(pages?.count == 1 && pages?.first?["width"] as? Double == 595.28)
        }
    }

    @Test("a refused upload (damaged, encrypted) leaves no blob behind; an accepted one is kept")
    func refusedUploadsLeaveNothing() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let blobs = server.configuration.dataDirectory + "/blobs"
            func stored() -> Int { FileManager.default.enumerator(atPath: blobs)?.allObjects.count ?? 0 }
            let before = stored()
            let up = { (bytes: [UInt8]) in try await client.raw(.post, "\(s.base)/uploads?name=x.pdf", token: s.agent, body: bytes) }
            #expect(try await up(Array("%PDF-1.7\n garbage with no objects".utf8)).status == .unprocessableContent)
            #expect(try await up(try Samples.encrypted("SampleDocs/letter.pdf")).status == .unprocessableContent)
            #expect(stored() == before)
            #expect(try await up(try Samples.bytes("SampleDocs/letter.pdf")).status == .created)
            #expect(stored() > before)
        }
    }

    @Test("ad hoc documents: fields by hand, from form fields, from text tags; every placement problem named")
    func adHoc() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let post = { (json: String) in try await client.call(.post, "\(s.base)/documents", token: s.agent, json: json) }
            #expect(problemFields(try await post(#"{"upload": "\#(String(repeating: "0", count: 64))"}"#).body) == ["upload"])
            let misplaced = try await post(
                #"""
                {"upload": "\#(letter)", "fields": [
                  {"id": "a", "label": "A", "kind": "signature", "page": 2, "rect": {"x": 1, "y": 1, "width": 10, "height": 10}},
                  {"id": "b", "label": "B", "kind": "text", "page": 1, "rect": {"x": 590, "y": 1, "width": 100, "height": 10}},
                  {"id": "c", "label": "C", "kind": "radio", "page": 1, "rect": {"x": 1, "y": 1, "width": 10, "height": 10}}]}
                """#)
            #expect(misplaced.status == .unprocessableContent)
            #expect(problemFields(misplaced.body) == ["fields.a", "fields.b", "fields.c"])
            #expect(
                problemFields(try await post(#"{"upload": "\#(letter)", "fields": [{"id": "a", "kind": "text"}]}"#).body) == ["fields.a"])

            let form = try await s.upload(client, "form.pdf")
            let imported = try await post(#"{"upload": "\#(form)", "fieldsFrom": {"formFields": true}}"#)
            #expect(imported.status == .created)
            #expect(((imported.body["document"] as? [String: Any])?["fields"] as? [Any])?.isEmpty == false)
            let tagged = try await s.upload(client, "tagged.pdf")
            // The tags make two agent-required fields, which the send check asks for by name.
            let unfilled = try await post(#"{"upload": "\#(tagged)", "fieldsFrom": {"textTags": true}}"#)
            #expect(problemFields(unfilled.body) == ["start_date", "monthly_fee"])
            let fromTags = try await post(
                #"{"upload": "\#(tagged)", "fieldsFrom": {"textTags": true}, "values": {"start_date": "2026-12-01", "monthly_fee": "12.50"}}"#
            )
            #expect(fromTags.status == .created, "\(fromTags.body)")
            let document = try #require(fromTags.body["document"] as? [String: Any])
            #expect((document["fields"] as? [Any])?.isEmpty == false && document["originalSha256"] as? String != tagged)
            // Several files at once: all valid or none sent.
            let before = try await client.call(.get, "\(s.base)/interactions", token: s.agent).body["total"] as? Int
            let mixed = try await post(#"{"documents": [{"upload": "\#(letter)", "title": "A"}, {"upload": "nope"}]}"#)
            #expect(problemFields(mixed.body) == ["documents[1].upload"])
            #expect(try await client.call(.get, "\(s.base)/interactions", token: s.agent).body["total"] as? Int == before)
            let several = try await post(#"{"documents": [{"upload": "\#(letter)", "title": "A"}, {"upload": "\#(form)", "title": "B"}]}"#)
            #expect(
                several.status == .created
                    && (several.body["items"] as? [[String: Any]])?.compactMap { $0["title"] as? String } == ["A", "B"])
            // A document with no customer fields is read and approved.
            let approval = try await post(#"{"upload": "\#(letter)", "title": "Terms"}"#)
            #expect((approval.body["document"] as? [String: Any])?["approval"] as? Bool == true)
        }
    }

    @Test("the customer: previews, saved values, finish with per-field problems, approve, decline with a reason")
    func customerSide() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let loan = try await s.send(client, "documents", #"{"template": "loan-application", "values": \#(Self.loanValues)}"#)
            let letter = try await s.upload(client, "letter.pdf")
            let terms = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let other = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Other terms"}"#)
            let customer = try await s.customer(client)
            let mine = "/api/v1/customer/interactions"

            #expect(try await client.call(.get, "\(mine)/\(loan)/pages/0", headers: customer).status == .badRequest)
            #expect(try await client.call(.get, "\(mine)/\(loan)/pages/x", headers: customer).status == .badRequest)
            let saved = try await client.call(
                .put, "\(mine)/\(loan)/values", json: #"{"values": {"full_name": "Amara"}}"#, headers: customer)
            #expect(saved.body["status"] as? String == "inProgress")
            let agentField = try await client.call(
                .put, "\(mine)/\(loan)/values", json: #"{"values": {"loan_amount": "1"}}"#, headers: customer)
            #expect(agentField.status == .unprocessableContent && problemFields(agentField.body) == ["loan_amount"])
            let badValue = try await client.call(.put, "\(mine)/\(loan)/values", json: #"{"values": {"email": "nope"}}"#, headers: customer)
            #expect(problemFields(badValue.body) == ["email"])
            let pathImage = try await client.call(
                .put, "\(mine)/\(loan)/values", json: #"{"values": {"customer_signature": {"image": "/etc/hostname"}}}"#, headers: customer)
            #expect(problemFields(pathImage.body) == ["customer_signature"])
            // Finishing names every missing required field; the saved name is kept.
            let early = try await client.call(.post, "\(mine)/\(loan)/finish", json: "{}", headers: customer)
            #expect(early.status == .unprocessableContent)
            #expect(
                problemFields(early.body) == [
                    "date_of_birth", "email", "phone", "repayment_frequency", "agree_terms", "customer_signature",
                ])
            // Without the CSRF header the cookie alone cannot write.
            var noCSRF = customer
            noCSRF[AuthMiddleware.csrfHeader] = nil
            #expect(try await client.call(.post, "\(mine)/\(terms)/finish", json: "{}", headers: noCSRF).status == .forbidden)

            let approved = try await client.call(.post, "\(mine)/\(terms)/finish", json: "{}", headers: customer)
            #expect(approved.body["status"] as? String == "completed")
            #expect(try await client.call(.post, "\(mine)/\(terms)/finish", json: "{}", headers: customer).status == .conflict)
            #expect(try await client.raw(.get, "\(mine)/\(terms)/finished.pdf", headers: customer).status == .ok)
            #expect(
                try await client.call(.post, "\(mine)/\(other)/decline", json: #"{"reason": " "}"#, headers: customer).status
                    == .unprocessableContent)
            let declined = try await client.call(
                .post, "\(mine)/\(other)/decline", json: #"{"reason": "Wrong address"}"#, headers: customer)
            #expect(declined.body["status"] as? String == "declined" && declined.body["declineReason"] as? String == "Wrong address")
            #expect(try await client.call(.get, "\(s.base)/interactions/\(other)/finished.pdf", token: s.agent).status == .notFound)
            #expect(
                try await client.call(
                    .post, "\(mine)/\(loan)/pay", json: #"{"cardNumber": "1", "expiry": "1", "cvc": "1", "holder": "x"}"#, headers: customer
                ).status == .badRequest)
        }
    }
}
