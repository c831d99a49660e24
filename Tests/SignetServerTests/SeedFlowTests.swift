import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// The seed flow of the product over a live server: an agent pre-plans a session with a
/// template document, an uploaded PDF, a document request and a payment request; the customer
/// fills, signs, uploads and pays; the agent sees every bubble completed and downloads the
/// finished PDF.
@Suite("Seed flow")
struct SeedFlowTests {
    static let agentValues = #"""
        {"loan_reference": "LN-204816", "offer_date": "2026-11-18", "agent_name": "Daniel Brandt", "loan_amount": "25000",
         "term": "36 months", "interest_rate": "6.9"}
        """#
    static let strokes = "[[[10,10],[40,40],[70,10],[100,40],[130,10],[160,40],[190,10]],[[10,45],[200,45]]]"

    @Test("agent pre-plans, customer completes everything, agent downloads the signed PDF")
    func seedFlow() async throws {
        let server = try await TestServer()
        try await server.app.test(.live) { client in
            let login = try await client.call(
                .post, "/api/v1/auth/login", json: #"{"email": "agent@example.com", "password": "\#(TestServer.password)"}"#)
            let agent = try #require(login.body["token"] as? String)
            let session = try await client.call(
                .post, "/api/v1/sessions", token: agent,
                json: #"{"customer": {"name": "Amara Okafor", "email": "amara@example.com", "channel": "email"}, "invite": false}"#)
            let id = try #require(session.body["id"] as? String)
            let base = "/api/v1/sessions/\(id)"

            // A template document: refused without its agent-required fields, each named.
            let refused = try await client.call(.post, "\(base)/documents", token: agent, json: #"{"template": "loan-application"}"#)
            #expect(refused.status == .unprocessableContent)
            let missing = Set((refused.body["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(missing == ["loan_reference", "offer_date", "agent_name", "loan_amount", "term", "interest_rate"])
            let loan = try await client.call(
                .post, "\(base)/documents", token: agent, json: #"{"template": "loan-application", "values": \#(Self.agentValues)}"#)
            #expect(loan.status == .created && loan.body["status"] as? String == "pending")
            let loanId = try #require(loan.body["id"] as? String)
            let template = try #require((loan.body["document"] as? [String: Any])?["template"] as? [String: Any])
            #expect((template["contentHash"] as? String)?.hasPrefix("sha256:") == true)

            // An ad hoc PDF with a customer signature field.
            let uploaded = try await client.raw(
                .post, "\(base)/uploads?name=letter.pdf", token: agent, body: try Samples.bytes("SampleDocs/letter.pdf"))
            #expect(uploaded.status == .created)
            let sha = try #require(try json(uploaded.bytes)["upload"] as? String)
            let letter = try await client.call(
                .post, "\(base)/documents", token: agent,
                json: #"""
                    {"upload": "\#(sha)", "title": "Engagement letter", "fields": [
                      {"id": "sig", "label": "Your signature", "kind": "signature", "role": "customer", "required": true,
                       "page": 1, "rect": {"x": 300, "y": 640, "width": 220, "height": 60}}]}
                    """#)
            #expect(letter.status == .created)
            let letterId = try #require(letter.body["id"] as? String)

            let request = try await client.call(
                .post, "\(base)/document-requests", token: agent, json: #"{"documents": [{"type": "idCard"}], "note": "Both sides"}"#)
            #expect(request.status == .created)
            let requestId = try #require(request.body["id"] as? String)
            let payment = try await client.call(
                .post, "\(base)/payment-requests", token: agent,
                json: #"{"amount": "49.90", "currency": "EUR", "description": "Arrangement fee"}"#)
            #expect(payment.status == .created)
            let paymentId = try #require(payment.body["id"] as? String)
            #expect(try await statuses(client, base, agent) == ["pending", "pending", "pending", "pending"])

            // Invite: everything is released with the invitation.
            #expect(try await client.call(.post, "\(base)/invite", token: agent).status == .ok)
            #expect(try await statuses(client, base, agent) == ["sent", "sent", "sent", "sent"])
            try await server.services.outbox.deliverDue()
            let link = try #require(try server.outbox().last?["link"])
            let opened = try await client.call(.get, String(link.dropFirst("http://signet.test".count)))
            let cookie = String(try #require(opened.headers[.setCookie]).split(separator: ";")[0])
            let csrf = try #require(
                try await client.call(.get, "/api/v1/customer/session", headers: [.cookie: cookie]).body["csrfToken"] as? String)
            let customer: HTTPFields = [.cookie: cookie, AuthMiddleware.csrfHeader: csrf]
            let mine = "/api/v1/customer/interactions"
            #expect((try await client.call(.get, mine, headers: customer).body["items"] as? [Any])?.count == 4)

            // The loan application: opened, previewed, filled and signed.
            let shown = try await client.call(.get, "\(mine)/\(loanId)", headers: customer)
            #expect(shown.body["status"] as? String == "opened")
            let fields = (shown.body["document"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
            #expect(!fields.isEmpty && fields.allSatisfy { $0["role"] as? String == "customer" })
            let png = try await client.raw(.get, "\(mine)/\(loanId)/pages/1?width=400", headers: customer)
            #expect(png.status == .ok && png.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let finished = try await client.call(
                .post, "\(mine)/\(loanId)/finish",
                json: #"""
                    {"values": {"full_name": "Amara Okafor", "date_of_birth": "1988-03-14", "email": "amara@example.com",
                     "phone": "+447700900123", "repayment_frequency": "monthly", "agree_terms": true,
                     "customer_signature": {"strokes": \#(Self.strokes)}}}
                    """#, headers: customer)
            #expect(finished.status == .ok && finished.body["status"] as? String == "completed", "\(finished.body)")

            // The letter: signed with drawn strokes.
            let signed = try await client.call(
                .post, "\(mine)/\(letterId)/finish", json: #"{"values": {"sig": {"strokes": \#(Self.strokes)}}}"#, headers: customer)
            #expect(signed.body["status"] as? String == "completed", "\(signed.body)")

            // The document request: a JPEG photo of the ID card, then submitted.
            var photoHeaders = customer
            photoHeaders[.contentType] = "image/jpeg"
            let photo = try await client.raw(
                .post, "\(mine)/\(requestId)/uploads?type=idCard&name=id.jpg", body: try Samples.jpeg(), headers: photoHeaders)
            #expect(photo.status == .created)
            #expect(try await client.call(.post, "\(mine)/\(requestId)/submit", headers: customer).body["status"] as? String == "completed")

            // The payment: a sandbox test card.
            let paid = try await client.call(
                .post, "\(mine)/\(paymentId)/pay",
                json: #"{"cardNumber": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123", "holder": "Amara Okafor"}"#,
                headers: customer)
            #expect(
                paid.body["status"] as? String == "completed" && (paid.body["payment"] as? [String: Any])?["state"] as? String == "paid")

            // The agent sees every bubble completed and downloads the finished documents.
            #expect(try await statuses(client, base, agent) == ["completed", "completed", "completed", "completed"])
            let loanPDF = try await client.raw(.get, "\(base)/interactions/\(loanId)/finished.pdf", token: agent)
            #expect(loanPDF.status == .ok && loanPDF.headers[.contentType] == "application/pdf")
            let text = try Samples.text(of: loanPDF.bytes)
            for value in ["LN-204816", "Daniel Brandt", "Amara Okafor", "amara@example.com", "14/03/1988"] {
                #expect(text.contains(value), "\(value) is not in the finished loan application")
            }
            // The signature box on page 2 (50, 402, 240 x 60) is drawn in, and was empty before.
            let original = try await client.raw(.get, "\(base)/interactions/\(loanId)/original.pdf", token: agent)
            #expect(try Samples.darkPixels(in: original.bytes, page: 2, x: 52, y: 404, width: 236, height: 56) == 0)
            #expect(try Samples.darkPixels(in: loanPDF.bytes, page: 2, x: 52, y: 404, width: 236, height: 56) > 100)
            let letterPDF = try await client.raw(.get, "\(base)/interactions/\(letterId)/finished.pdf", token: agent)
            #expect(try Samples.darkPixels(in: letterPDF.bytes, page: 1, x: 300, y: 640, width: 220, height: 60) > 100)
            let idPDF = try await client.raw(.get, "\(base)/interactions/\(requestId)/assembled.pdf", token: agent)
            #expect(idPDF.status == .ok && idPDF.bytes.starts(with: Array("%PDF-".utf8)))

            let kinds = try await client.call(.get, "\(base)/events", token: agent).body["items"] as? [[String: Any]] ?? []
            let added = kinds.first { $0["kind"] as? String == "interactionAdded" }?["detail"] as? [String: String]
            #expect(added?["template"]?.hasPrefix("loan-application@1 sha256:") == true)
            let seen = Set(kinds.compactMap { $0["kind"] as? String })
            #expect(
                seen.isSuperset(of: [
                    "interactionAdded", "interactionSent", "interactionOpened", "completed", "uploaded", "paid", "downloaded",
                ]))
        }
    }

    private func statuses(_ client: some TestClientProtocol, _ base: String, _ token: String) async throws -> [String] {
        let list = try await client.call(.get, "\(base)/interactions", token: token)
        return (list.body["items"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
    }
}

func json(_ bytes: [UInt8]) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
}
