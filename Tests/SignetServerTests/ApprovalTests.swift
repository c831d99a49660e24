import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SignetServer

/// Forward for approval over HTTP: a session's agent forwards a completed document to another
/// account, which reads it and approves or rejects it; the agent's live stream and the
/// session's record carry every step, and nobody else sees the approval.
@Suite("Forward for approval")
struct ApprovalTests {
    /// A session of the test server's agent with one completed and one open document.
    static func world(_ client: some TestClientProtocol, _ server: TestServer) async throws -> (SessionFixture, done: String, open: String)
    {
        let s = try await SessionFixture.start(client, server)
        let letter = try await s.upload(client, "letter.pdf")
        let fields =
            #"[{"id": "sig", "kind": "signature", "role": "customer", "required": true, "page": 1, "rect": {"x": 72, "y": 560, "width": 200, "height": 50}}]"#
        let done = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Loan offer", "fields": \#(fields)}"#)
        let open = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
        let customer = try await s.customer(client)
        let finished = try await client.call(
            .post, "/api/v1/customer/interactions/\(done)/finish", json: #"{"values": {"sig": {"strokes": \#(SeedFlowTests.strokes)}}}"#,
            headers: customer)
        guard finished.body["status"] as? String == "completed" else { throw FixtureError.failed("finish: \(finished.body)") }
        return (s, done, open)
    }

    @Test("forward, list, approve; forward, reject with a reason; the agent's stream sees the outcome; every step recorded")
    func approvalFlow() async throws {
        let server = try await TestServer()
        try await server.app.test(.live) { client in
            let port = try #require(client.port)
            let (s, done, _) = try await Self.world(client, server)
            let approver = try await server.token(server.otherAgent)
            let stranger = try await server.services.accounts.create(
                email: "third@example.com", name: "Third", role: .agent, password: TestServer.password)
            let strangerToken = try await server.token(stranger)
            let stream = try StreamReader(port: port, path: "\(s.base)/stream", headers: ["Authorization": "Bearer \(s.agent)"])

            let forwarded = try await client.call(
                .post, "\(s.base)/interactions/\(done)/forward", token: s.agent,
                json: #"{"to": "Other@Example.com", "note": "Please check the amount"}"#)
            #expect(forwarded.status == .created, "\(forwarded.body)")
            let first = try #require(forwarded.body["id"] as? String)
            #expect(forwarded.body["status"] as? String == "pending" && forwarded.body["to"] as? String == "other@example.com")
            #expect(await stream.wait(for: "event: forwardedForApproval\n", timeout: 10))

            // The approver's list: pending, theirs to decide, with the document to read.
            let mine = try await client.call(.get, "/api/v1/approvals", token: approver)
            let items = try #require(mine.body["items"] as? [[String: Any]])
            let listed = try #require(items.first { $0["id"] as? String == first })
            #expect(listed["yourPart"] as? String == "approver" && listed["title"] as? String == "Loan offer")
            #expect(listed["note"] as? String == "Please check the amount")
            let pdf = try await client.raw(.get, "/api/v1/approvals/\(first)/document.pdf", token: approver)
            #expect(pdf.status == .ok && pdf.bytes.starts(with: Array("%PDF".utf8)))
            let page = try await client.raw(.get, "/api/v1/approvals/\(first)/pages/1?width=200", token: approver)
            #expect(page.status == .ok && page.headers[.contentType] == "image/png")
            // The session's agent sees it too; another account neither sees nor lists it.
            let agentSide = try await client.call(.get, "/api/v1/approvals/\(first)", token: s.agent)
            #expect(agentSide.status == .ok && agentSide.body["yourPart"] as? String == "agent")
            #expect(try await client.call(.get, "/api/v1/approvals/\(first)", token: strangerToken).status == .notFound)
            #expect(try await client.raw(.get, "/api/v1/approvals/\(first)/document.pdf", token: strangerToken).status == .notFound)
            let theirs = try await client.call(.get, "/api/v1/approvals", token: strangerToken).body["items"] as? [[String: Any]]
            #expect(theirs?.isEmpty == true)
            // Only the approver decides.
            let byAgent = try await client.call(.post, "/api/v1/approvals/\(first)/approve", token: s.agent, json: "{}")
            #expect(byAgent.status == .forbidden, "\(byAgent.body)")
            #expect(
                try await client.call(.post, "/api/v1/approvals/\(first)/approve", token: strangerToken, json: "{}").status == .notFound)

            let approved = try await client.call(.post, "/api/v1/approvals/\(first)/approve", token: approver, json: "{}")
            #expect(approved.status == .ok && approved.body["status"] as? String == "approved", "\(approved.body)")
            #expect(await stream.wait(for: "event: approved\n", timeout: 10), "\(stream.received)")
            let again = try await client.call(.post, "/api/v1/approvals/\(first)/reject", token: approver, json: #"{"reason": "Late"}"#)
            #expect(again.status == .conflict, "\(again.body)")

            // A second round, rejected: a reason is required.
            let second = try #require(
                try await client.call(
                    .post, "\(s.base)/interactions/\(done)/forward", token: s.agent, json: #"{"to": "other@example.com"}"#
                )
                .body["id"] as? String)
            for body in ["{}", #"{"reason": "   "}"#, #"{"reason": "\#(String(repeating: "x", count: 1001))"}"#] {
                let refused = try await client.call(.post, "/api/v1/approvals/\(second)/reject", token: approver, json: body)
                #expect(refused.status == .unprocessableContent && problemFields(refused.body) == ["reason"], "\(body): \(refused.body)")
            }
            let rejected = try await client.call(
                .post, "/api/v1/approvals/\(second)/reject", token: approver, json: #"{"reason": "The amount is wrong"}"#)
            #expect(rejected.status == .ok && rejected.body["status"] as? String == "rejected")
            #expect(rejected.body["reason"] as? String == "The amount is wrong")
            #expect(await stream.wait(for: "The amount is wrong", timeout: 10), "\(stream.received)")
            let both = try await client.call(.get, "/api/v1/approvals", token: approver).body["items"] as? [[String: Any]] ?? []
            #expect(Set(both.compactMap { $0["status"] as? String }) == ["approved", "rejected"])

            // Every step is in the session's record, chained like every other event.
            let events = try await client.call(.get, "\(s.base)/events", token: s.agent).body["items"] as? [[String: Any]] ?? []
            let kinds = events.compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0 == "forwardedForApproval" }.count == 2)
            #expect(kinds.contains("approved") && kinds.contains("rejected"))
            let rejection = events.first { $0["kind"] as? String == "rejected" }?["detail"] as? [String: String]
            #expect(rejection?["reason"] == "The amount is wrong" && rejection?["approval"] == second)
            #expect(events.first { $0["kind"] as? String == "approved" }?["actor"] as? String == "agent:\(server.otherAgent.id)")
            // Closing the session ends its stream, so the server stops at once.
            #expect(try await client.call(.post, "\(s.base)/cancel", token: s.agent).status == .ok)
            #expect(await stream.wait(for: "event: cancelled", timeout: 5))
        }
    }

    @Test("forward refuses: unknown, own or disabled accounts and long notes (422), documents not completed (409), others' sessions (404)")
    func forwardInput() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let (s, done, open) = try await Self.world(client, server)
            let path = "\(s.base)/interactions/\(done)/forward"
            let disabled = try await server.services.accounts.create(
                email: "gone@example.com", name: "Gone", role: .agent, password: TestServer.password)
            _ = try await server.services.accounts.setDisabled(true, userId: disabled.id)
            let cases: [(String, Set<String>)] = [
                (#"{"to": "nobody@example.com"}"#, ["to"]),
                (#"{"to": "agent@example.com"}"#, ["to"]),
                (#"{"to": "gone@example.com"}"#, ["to"]),
                (#"{"to": ""}"#, ["to"]),
                (#"{"to": "other@example.com", "note": "\#(String(repeating: "n", count: 1001))"}"#, ["note"]),
            ]
            for (body, named) in cases {
                let answer = try await client.call(.post, path, token: s.agent, json: body)
                #expect(answer.status == .unprocessableContent && problemFields(answer.body) == named, "\(body): \(answer.body)")
            }
            for body in ["{}", #"{"to": 5}"#, "nonsense"] {
                let answer = try await client.call(.post, path, token: s.agent, json: body)
                #expect([.badRequest, .unprocessableContent].contains(answer.status), "\(body): \(answer.status)")
            }
            let notDone = try await client.call(
                .post, "\(s.base)/interactions/\(open)/forward", token: s.agent, json: #"{"to": "other@example.com"}"#)
            #expect(notDone.status == .conflict, "\(notDone.body)")
            let other = try await server.token(server.otherAgent)
            let foreign = try await client.call(.post, path, token: other, json: #"{"to": "agent@example.com"}"#)
            #expect(foreign.status == .notFound)
            #expect(try await client.call(.get, "/api/v1/approvals/no-such-approval", token: s.agent).status == .notFound)
            // Nothing was forwarded by any of that.
            let listed = try await client.call(.get, "/api/v1/approvals", token: s.agent).body["items"] as? [[String: Any]]
            #expect(listed?.isEmpty == true)
        }
    }
}
