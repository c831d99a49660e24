import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Document requests, payment requests and customer confinement, with their bad inputs.
@Suite("Requests and payments")
struct RequestRouteTests {
    @Test("document requests: types from the list, files judged by content, every document needed before submitting")
    func documentRequests() async throws {
        let server = try await TestServer { $0.maxCustomerFileBytes = 100_000 }
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let post = { (json: String) in try await client.call(.post, "\(s.base)/document-requests", token: s.agent, json: json) }
            #expect(problemFields(try await post(#"{"documents": []}"#).body) == ["documents"])
            #expect(
                problemFields(try await post(#"{"documents": [{"type": "selfie"}, {"type": "other"}]}"#).body) == [
                    "documents[0].type", "documents[1].label",
                ])
            #expect(try await post(#"{"documents": "passport"}"#).status == .badRequest)
            let id = try await s.send(
                client, "document-requests", #"{"documents": [{"type": "passport"}, {"type": "other", "label": "Utility bill"}]}"#)
            let customer = try await s.customer(client)
            let base = "/api/v1/customer/interactions/\(id)"
            let up = { (query: String, bytes: [UInt8]) in
                try await client.raw(.post, "\(base)/uploads?\(query)", body: bytes, headers: customer)
            }
            // A text file called photo.jpg is not a photo.
            #expect(try await up("type=passport&name=photo.jpg", Array("just text".utf8)).status == .unsupportedMediaType)
            #expect(try await up("type=payslip", try Samples.bytes("SampleDocs/signature.png")).status == .badRequest)
            #expect(try await up("type=passport", []).status == .badRequest)
            #expect(try await up("type=passport", [UInt8](repeating: 0xFF, count: 200_000)).status == .contentTooLarge)
            #expect(try await up("type=passport&name=passport.png", try Samples.bytes("SampleDocs/signature.png")).status == .created)
            let early = try await client.call(.post, "\(base)/submit", headers: customer)
            #expect(early.status == .unprocessableContent && problemFields(early.body) == ["other"])
            #expect(try await up("type=other&name=bill.pdf", try Samples.bytes("SampleDocs/letter.pdf")).status == .created)
            let done = try await client.call(.post, "\(base)/submit", headers: customer)
            #expect(done.body["status"] as? String == "completed")
            #expect(try await up("type=passport", try Samples.bytes("SampleDocs/signature.png")).status == .conflict)

            let seen = try await client.call(.get, "\(s.base)/interactions/\(id)", token: s.agent)
            let uploads = (seen.body["request"] as? [String: Any])?["uploads"] as? [[String: Any]] ?? []
            #expect(uploads.compactMap { $0["contentType"] as? String } == ["image/png", "application/pdf"])
            let first = try #require(uploads.first?["id"] as? String)
            let file = try await client.raw(.get, "\(s.base)/interactions/\(id)/uploads/\(first)", token: s.agent)
            let png = try Samples.bytes("SampleDocs/signature.png")
            #expect(file.status == .ok && file.bytes == png)
            #expect(try await client.raw(.get, "\(s.base)/interactions/\(id)/uploads/nope", token: s.agent).status == .notFound)
            #expect(try await client.raw(.get, "\(s.base)/interactions/\(id)/assembled.pdf", token: s.agent).status == .ok)
        }
    }

    @Test("payment requests: exactly two decimals above zero, ISO 4217; sandbox cards by Luhn and rule; no card number kept", .sqliteOnly)
    func payments() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let post = { (json: String) in try await client.call(.post, "\(s.base)/payment-requests", token: s.agent, json: json) }
            for amount in ["12.5", "0.00", "-1.00", "1,000.00", "12.505", "01.00", " 1.00", "1e3"] {
                let answer = try await post(#"{"amount": "\#(amount)", "currency": "EUR", "description": "Fee"}"#)
                #expect(problemFields(answer.body) == ["amount"], "\(amount)")
            }
            #expect(try await post(#"{"amount": 12.50, "currency": "EUR", "description": "Fee"}"#).status == .badRequest)
            #expect(
                problemFields(try await post(#"{"amount": "1.00", "currency": "XYZ", "description": ""}"#).body) == [
                    "currency", "description",
                ])
            let id = try await s.send(client, "payment-requests", #"{"amount": "1250.00", "currency": "gbp", "description": "Deposit"}"#)
            let customer = try await s.customer(client)
            let pay = { (card: String) in
                try await client.call(
                    .post, "/api/v1/customer/interactions/\(id)/pay",
                    json: #"{"cardNumber": "\#(card)", "expiry": "12/35", "cvc": "123", "holder": "Amara"}"#, headers: customer)
            }
            #expect(problemFields(try await pay("4242 4242 4242 4241").body) == ["cardNumber"])
            let expired = try await client.call(
                .post, "/api/v1/customer/interactions/\(id)/pay",
                json: #"{"cardNumber": "4242424242424242", "expiry": "01/20", "cvc": "1", "holder": ""}"#, headers: customer)
            #expect(problemFields(expired.body) == ["expiry", "cvc", "holder"])
            let rejected = try await pay("4000 0000 0000 0002")
            #expect(rejected.body["status"] as? String == "failed")
            #expect((rejected.body["payment"] as? [String: Any])?["state"] as? String == "rejected")
            let paid = try await pay("4242 4242 4242 4242")
            #expect(paid.body["status"] as? String == "completed")
            let payment = try #require(paid.body["payment"] as? [String: Any])
            #expect(
                payment["amount"] as? String == "1250.00" && payment["currency"] as? String == "GBP"
                    && payment["state"] as? String == "paid")
            #expect(try await pay("4242 4242 4242 4242").status == .conflict)

            // Nothing in the database holds a card number.
            let dump = try await server.services.store!.writer.read { db in
                try String.fetchAll(db, sql: "SELECT payload FROM interaction UNION ALL SELECT COALESCE(detail, '') FROM event")
            }.joined()
            #expect(!dump.contains("4242424242424242") && !dump.contains("4242 4242") && !dump.contains("4000000000000002"))
        }
    }

    @Test("customers see only their own released interactions and fields; agents only their own sessions")
    func confinement() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let theirs = try await s.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
            let customer = try await s.customer(client)
            let other = try await SessionFixture.start(client, server, invite: true, name: "Bea Other")
            let hidden = try await other.send(client, "payment-requests", #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
            let mine = "/api/v1/customer/interactions"
            #expect(try await client.call(.get, "\(mine)/\(hidden)", headers: customer).status == .notFound)
            #expect(
                try await client.call(.post, "\(mine)/\(hidden)/decline", json: #"{"reason": "x"}"#, headers: customer).status == .notFound)
            #expect(try await client.call(.get, "\(mine)/\(theirs)", headers: customer).status == .ok)
            #expect(try await client.call(.get, "\(s.base)/interactions", headers: customer).status == .unauthorized)
            #expect(try await client.call(.get, mine).status == .unauthorized)
            #expect(try await client.call(.get, mine, token: s.agent).status == .unauthorized)
            let stranger = try await server.token(server.otherAgent)
            #expect(try await client.call(.get, "\(s.base)/interactions", token: stranger).status == .notFound)
            #expect(try await client.call(.get, "\(s.base)/interactions/\(theirs)", token: stranger).status == .notFound)
            #expect(try await client.call(.get, "\(s.base)/interactions/\(hidden)", token: s.agent).status == .notFound)
            let admin = try await server.token(server.admin)
            #expect(try await client.call(.get, "\(s.base)/interactions/\(theirs)", token: admin).status == .ok)
            // A closed session takes nothing more.
            #expect(try await client.call(.post, "\(s.base)/cancel", token: s.agent).status == .ok)
            let late = try await client.call(
                .post, "\(s.base)/payment-requests", token: s.agent, json: #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#)
            #expect(late.status == .conflict)
        }
    }
}
