import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions

/// Chat between a session's agent and its customer: messages are events of the record, shown
/// on both live streams and read back as the history on both sides.
@Suite("Chat in the session")
struct ChatTests {
    @Test("agent and customer write; both histories show the exchange in order; each message is a chained event of the record")
    func exchange() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let customer = try await s.customer(client)
            let html = "Hello <b>Amara</b> & <script>alert(1)</script>\r\nsecond line"
            let posted = try await client.call(
                .post, "\(s.base)/messages", token: s.agent, json: String(decoding: try JSONEncoder().encode(["text": html]), as: UTF8.self)
            )
            #expect(posted.status == .created)
            #expect(posted.body["from"] as? String == "agent" && posted.body["name"] as? String == "Agent")
            // Kept as written (it is shown as text, never as HTML), line break made \n.
            #expect(posted.body["text"] as? String == "Hello <b>Amara</b> & <script>alert(1)</script>\nsecond line")
            let answer = try await client.call(
                .post, "/api/v1/customer/messages", json: #"{"text": "  Thanks! שלום 👋  "}"#, headers: customer)
            #expect(answer.status == .created)
            #expect(answer.body["from"] as? String == "customer" && answer.body["name"] as? String == "Amara Okafor")
            #expect(answer.body["text"] as? String == "Thanks! שלום 👋")

            for history in [
                try await client.call(.get, "\(s.base)/messages", token: s.agent),
                try await client.call(.get, "/api/v1/customer/messages", headers: customer),
            ] {
                let items = history.body["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["from"] as? String } == ["agent", "customer"])
                #expect(items.last?["text"] as? String == "Thanks! שלום 👋")
                #expect(history.body["total"] as? Int == 2)
            }
            let record = try await client.call(.get, "\(s.base)/events", token: s.agent).body["items"] as? [[String: Any]] ?? []
            let messages = record.filter { $0["kind"] as? String == "message" }
            #expect(messages.count == 2)
            #expect(messages.allSatisfy { ($0["hash"] as? String)?.count == 64 })
            #expect(messages.map { $0["actor"] as? String } == ["agent:\(server.agent.id)", "customer"])
        }
    }

    @Test("empty, too long, control and bidi-override text is refused naming the field; 2,000 characters pass")
    func badText() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let customer = try await s.customer(client)
            let refused = [
                "", "   \n\t ", String(repeating: "é", count: 2001), "abc\u{202E}cba", "bell\u{07}", "isolate\u{2066}x\u{2069}", "nul\u{0}",
            ]
            for text in refused {
                let json = String(decoding: try JSONEncoder().encode(["text": text]), as: UTF8.self)
                let agent = try await client.call(.post, "\(s.base)/messages", token: s.agent, json: json)
                #expect(agent.status == .unprocessableContent, "\(text.debugDescription)")
                #expect(problemFields(agent.body) == ["text"], "\(text.debugDescription)")
                let mine = try await client.call(.post, "/api/v1/customer/messages", json: json, headers: customer)
                #expect(mine.status == .unprocessableContent && problemFields(mine.body) == ["text"], "\(text.debugDescription)")
            }
            for json in ["{}", #"{"text": 42}"#, #"{"text": null}"#, "not json"] {
                #expect(try await client.call(.post, "\(s.base)/messages", token: s.agent, json: json).status == .badRequest, "\(json)")
            }
            let longest = String(repeating: "👋", count: 2000)
            let fits = try await client.call(.post, "\(s.base)/messages", token: s.agent, json: #"{"text": "\#(longest)"}"#)
            #expect(fits.status == .created)
            #expect(try await client.call(.get, "\(s.base)/messages", token: s.agent).body["total"] as? Int == 1)
        }
    }

    @Test("another agent gets 404, another session's customer sees none of it, a closed session takes no more")
    func confinement() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            _ = try await s.customer(client)
            #expect(try await client.call(.post, "\(s.base)/messages", token: s.agent, json: #"{"text": "For Amara"}"#).status == .created)
            let other = try await server.token(server.otherAgent)
            #expect(try await client.call(.get, "\(s.base)/messages", token: other).status == .notFound)
            #expect(try await client.call(.post, "\(s.base)/messages", token: other, json: #"{"text": "hi"}"#).status == .notFound)
            let admin = try await server.token(server.admin)
            #expect(try await client.call(.get, "\(s.base)/messages", token: admin).body["total"] as? Int == 1)

            let b = try await SessionFixture.start(client, server, name: "Bea Other")
            let customerB = try await b.customer(client)
            #expect(try await client.call(.get, "/api/v1/customer/messages", headers: customerB).body["total"] as? Int == 0)
            #expect(try await client.call(.get, "/api/v1/customer/messages").status == .unauthorized)

            #expect(try await client.call(.post, "\(s.base)/cancel", token: s.agent).status == .ok)
            #expect(try await client.call(.post, "\(s.base)/messages", token: s.agent, json: #"{"text": "late"}"#).status == .conflict)
            #expect(try await client.call(.get, "\(s.base)/messages", token: s.agent).body["total"] as? Int == 1)
        }
    }

    @Test("a chat exchange shows on both live streams within a second")
    func live() async throws {
        // Quick keep-alives, so the streams notice the test's readers are gone and the server stops at once.
        let server = try await TestServer { $0.streamKeepAlive = 0.5 }
        try await server.app.test(.live) { client in
            let s = try await SessionFixture.start(client, server)
            let customer = try await s.customer(client)
            let port = try #require(client.port)
            let agentStream = try StreamReader(port: port, path: "\(s.base)/stream", headers: ["Authorization": "Bearer \(s.agent)"])
            let customerStream = try StreamReader(port: port, path: "/api/v1/customer/stream", headers: ["Cookie": customer[.cookie] ?? ""])
            #expect(await agentStream.wait(for: "event: opened", timeout: 10))
            #expect(await customerStream.wait(for: "200 OK", timeout: 10))

            var times: [Double] = []
            for n in 1...3 {
                var started = Date()
                let asked = try await client.call(
                    .post, "/api/v1/customer/messages", json: #"{"text": "Can I sign tonight? \#(n)"}"#, headers: customer)
                #expect(asked.status == .created)
                #expect(await agentStream.wait(for: "Can I sign tonight? \(n)", timeout: 5))
                #expect(await customerStream.wait(for: "Can I sign tonight? \(n)", timeout: 5))
                times.append(Date().timeIntervalSince(started))
                started = Date()
                let told = try await client.call(.post, "\(s.base)/messages", token: s.agent, json: #"{"text": "Yes, any time \#(n)"}"#)
                #expect(told.status == .created)
                #expect(await customerStream.wait(for: "Yes, any time \(n)", timeout: 5))
                #expect(await agentStream.wait(for: "Yes, any time \(n)", timeout: 5))
                times.append(Date().timeIntervalSince(started))
            }
            // Streams wake when a write commits (and poll every quarter second); the median must be under a second
            // (one slow delivery on a 2-core machine busy with the rest of the suite is not the product).
            #expect(times.sorted()[times.count / 2] < 1, "\(times)")
            #expect(customerStream.received.contains("event: message"))
            // The customer's stream names no agent id and no address.
            #expect(!customerStream.received.contains("agent:") && !customerStream.received.contains("\"ip\""))
        }
    }
}
