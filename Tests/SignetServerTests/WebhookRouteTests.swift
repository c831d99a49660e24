import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Registering, listing, disabling and deleting webhooks, the refusals (fields, SSRF), and the
/// record events that queue deliveries.
@Suite("Webhook routes")
struct WebhookRouteTests {
    @Test("an admin registers a webhook (secret shown once), lists, disables, enables and deletes it")
    func lifecycle() async throws {
        let server = try await TestServer()
        let admin = try await server.token(server.admin)
        try await server.app.test(.router) { client in
            let made = try await client.call(
                .post, "/api/v1/webhooks", token: admin,
                json: #"{"url": "https://203.0.113.7/hooks/signet", "events": ["session.invited", "batchJob.done"]}"#)
            #expect(made.status == .created)
            let id = try #require(made.body["id"] as? String)
            let secret = try #require(made.body["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && secret.count > 40)
            #expect(made.body["events"] as? [String] == ["batchJob.done", "session.invited"])
            #expect(made.body["enabled"] as? Bool == true)

            let listed = try await client.call(.get, "/api/v1/webhooks", token: admin)
            let items = try #require(listed.body["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["id"] as? String == id)
            #expect(items[0]["secret"] == nil, "the secret is never answered again")

            let off = try await client.call(.patch, "/api/v1/webhooks/\(id)", token: admin, json: #"{"enabled": false}"#)
            #expect(off.status == .ok && off.body["enabled"] as? Bool == false && off.body["secret"] == nil)
            let on = try await client.call(.patch, "/api/v1/webhooks/\(id)", token: admin, json: #"{"enabled": true}"#)
            #expect(on.body["enabled"] as? Bool == true)
            let missing = try await client.call(.patch, "/api/v1/webhooks/\(id)", token: admin, json: #"{}"#)
            #expect(missing.status == .unprocessableContent && Self.fields(missing.body) == ["enabled"])

            let history = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: admin)
            #expect(history.status == .ok && (history.body["items"] as? [Any])?.isEmpty == true)

            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", token: admin).status == .noContent)
            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", token: admin).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: admin).status == .notFound)
            #expect(try await client.call(.patch, "/api/v1/webhooks/nope", token: admin, json: #"{"enabled": true}"#).status == .notFound)
        }
    }

    @Test("bad URLs, internal addresses and unknown event types are refused with 422 naming the field")
    func refusals() async throws {
        let server = try await TestServer()
        let admin = try await server.token(server.admin)
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let refusedURLs = [
                "ftp://203.0.113.7/x", "file:///etc/passwd", "not a url", "https://user:pw@203.0.113.7/", "http://127.0.0.1:8080/hook",
                "http://localhost/hook", "http://10.1.2.3/", "http://172.20.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest",
                "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[::1]/", "http://[fe80::1]/", "http://[fd12::1]/",
                "http://[::ffff:127.0.0.1]/", "http://[ff02::1]/", "http://2130706433/", "http://no-such-host.invalid/",
            ]
            for url in refusedURLs {
                let answer = try await client.call(
                    .post, "/api/v1/webhooks", token: admin, json: #"{"url": "\#(url)", "events": ["session.invited"]}"#)
                #expect(answer.status == .unprocessableContent, "\(url)")
                #expect(Self.fields(answer.body) == ["url"], "\(url): \(answer.body)")
            }
            let loopback = try await client.call(
                .post, "/api/v1/webhooks", token: admin, json: #"{"url": "http://127.0.0.1/", "events": ["session.invited"]}"#)
            #expect(Self.reasons(loopback.body).contains { $0.contains("loopback") })

            let unknown = try await client.call(
                .post, "/api/v1/webhooks", token: admin,
                json: #"{"url": "https://203.0.113.7/", "events": ["session.invited", "session.exploded"]}"#)
            #expect(unknown.status == .unprocessableContent && Self.fields(unknown.body) == ["events"])
            #expect(Self.reasons(unknown.body).contains { $0.contains("session.exploded") })
            let none = try await client.call(
                .post, "/api/v1/webhooks", token: admin, json: #"{"url": "https://203.0.113.7/", "events": []}"#)
            #expect(none.status == .unprocessableContent && Self.fields(none.body) == ["events"])
            let noURL = try await client.call(.post, "/api/v1/webhooks", token: admin, json: #"{"events": ["session.invited"]}"#)
            #expect(noURL.status == .unprocessableContent && Self.fields(noURL.body) == ["url"])
            let both = try await client.call(.post, "/api/v1/webhooks", token: admin, json: #"{"url": "gopher://x", "events": ["nope"]}"#)
            #expect(Set(Self.fields(both.body)) == ["url", "events"])

            let byAgent = try await client.call(
                .post, "/api/v1/webhooks", token: agent, json: #"{"url": "https://203.0.113.7/", "events": ["session.invited"]}"#)
            #expect(byAgent.status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/webhooks", token: agent).status == .forbidden)
            #expect(try await server.services.webhooks.list().isEmpty)
        }
    }

    @Test("internal addresses are allowed with SIGNET_WEBHOOK_ALLOW_PRIVATE")
    func allowPrivate() async throws {
        let server = try await TestServer { $0.webhooks.allowPrivate = true }
        let admin = try await server.token(server.admin)
        try await server.app.test(.router) { client in
            let answer = try await client.call(
                .post, "/api/v1/webhooks", token: admin, json: #"{"url": "http://127.0.0.1:9/hook", "events": ["session.invited"]}"#)
            #expect(answer.status == .created)
        }
    }

    @Test("address classes: public ones pass, every internal kind is named")
    func addressClasses() {
        let v4 = { (text: String) -> [UInt8] in
            var address = in_addr()
            inet_pton(AF_INET, text, &address)
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        let v6 = { (text: String) -> [UInt8] in
            var address = in6_addr()
            inet_pton(AF_INET6, text, &address)
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        for address in ["8.8.8.8", "203.0.113.7", "172.32.0.1", "100.128.0.1", "192.169.0.1"] {
            #expect(WebhookAddress.refusal(v4(address)) == nil, "\(address)")
        }
        for address in ["2606:4700:4700::1111", "2001:db8::1"] { #expect(WebhookAddress.refusal(v6(address)) == nil, "\(address)") }
        let refused: [(String, String)] = [
            ("127.0.0.1", "loopback"), ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.0.1", "private"),
            ("100.64.1.1", "CGNAT"), ("169.254.169.254", "link-local"), ("0.0.0.0", "unspecified"), ("239.1.1.1", "multicast"),
            ("255.255.255.255", "broadcast"),
        ]
        for (address, kind) in refused { #expect(WebhookAddress.refusal(v4(address))?.contains(kind) == true, "\(address)") }
        let refused6: [(String, String)] = [
            ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("fc00::1", "unique-local"), ("fd00::1", "unique-local"),
            ("ff02::1", "multicast"), ("::ffff:10.0.0.1", "private"), ("64:ff9b::7f00:1", "loopback"), ("2002:c0a8:0101::1", "private"),
        ]
        for (address, kind) in refused6 { #expect(WebhookAddress.refusal(v6(address))?.contains(kind) == true, "\(address)") }
    }

    @Test("record events queue one delivery per matching enabled webhook, with ids and states only")
    func eventsQueueDeliveries() async throws {
        let server = try await TestServer()
        let hooks = server.services.webhooks
        let all = try await hooks.create(url: "https://203.0.113.7/all", events: WebhookEvents.types, by: server.admin.id)
        let sessionsOnly = try await hooks.create(url: "https://203.0.113.7/s", events: ["session.cancelled"], by: server.admin.id)
        let disabled = try await hooks.create(url: "https://203.0.113.7/off", events: WebhookEvents.types, by: server.admin.id)
        _ = try await hooks.setEnabled(false, id: disabled.id)
        try await server.app.test(.router) { client in
            let session = try await SessionFixture.start(client, server)
            let fee = #"{"amount": "5.00", "currency": "EUR", "description": "Fee"}"#
            let declined = try await session.send(client, "payment-requests", fee)
            let paid = try await session.send(client, "payment-requests", fee)
            // Left open, so the session is not complete when it is cancelled.
            _ = try await session.send(client, "payment-requests", fee)
            let customer = try await session.customer(client)
            _ = try await client.call(.get, "/api/v1/customer/interactions/\(declined)", headers: customer)
            let decline = try await client.call(
                .post, "/api/v1/customer/interactions/\(declined)/decline", json: #"{"reason": "Private words of the customer"}"#,
                headers: customer)
            #expect(decline.status == .ok)
            let pay = try await client.call(
                .post, "/api/v1/customer/interactions/\(paid)/pay",
                json: #"{"cardNumber": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123", "holder": "Amara Okafor"}"#,
                headers: customer)
            #expect(pay.status == .ok)
            #expect(try await client.call(.post, "\(session.base)/cancel", token: session.agent).status == .ok)

            let queued = Array(try await hooks.deliveries(of: all.id).map(\.delivery).reversed())
            let types = queued.map(\.type)
            #expect(
                types == [
                    "session.invited", "interaction.sent", "interaction.sent", "interaction.sent", "interaction.opened",
                    "interaction.declined",
                    "interaction.completed", "session.cancelled",
                ], "\(types)")
            #expect(Set(queued.map(\.eventId)).count == queued.count, "one event id per event")
            for delivery in queued {
                let body = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])
                #expect(body["id"] as? String == delivery.eventId && body["type"] as? String == delivery.type)
                #expect(body["createdAt"] is String)
                let data = try #require(body["data"] as? [String: Any])
                #expect(data["session"] as? String == session.id)
                #expect(!delivery.body.contains("Private words"), "a customer's words stay in the record")
                // The card number in any spelling; a bare "4242" also turns up in random ids.
                #expect(!delivery.body.contains("4242 4242") && !delivery.body.contains("42424242"))
            }
            let declinedData = try JSONSerialization.jsonObject(with: Data(queued[5].body.utf8)) as? [String: Any]
            #expect((declinedData?["data"] as? [String: Any])?["interaction"] as? String == declined)

            let cancelled = try await hooks.deliveries(of: sessionsOnly.id).map(\.delivery)
            #expect(cancelled.map(\.type) == ["session.cancelled"])
            #expect(cancelled.first?.eventId == queued.last?.eventId, "every webhook gets the event under the same id")
            #expect(try await hooks.deliveries(of: disabled.id).isEmpty, "a disabled webhook queues nothing")
        }
    }

    @Test("a batch job that ends queues batchJob.done with its counts")
    func batchJobDone() async throws {
        let server = try await TestServer()
        let hook = try await server.services.webhooks.create(
            url: "https://203.0.113.7/jobs", events: ["batchJob.done"], by: server.admin.id)
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let started = try await client.execute(
                uri: "/api/v1/batch-jobs?template=consent-form&format=csv&stage=send&dryRun=true", method: .post,
                headers: [.authorization: "Bearer \(agent)", .contentType: "text/csv"],
                body: ByteBuffer(string: "clinician,procedure\nDr Ada,Knee\nDr Bo,Hip\n")
            ) { $0 }
            #expect(started.status == .accepted)
            var deliveries: [Webhooks.DeliveryHistory] = []
            for _ in 0..<200 where deliveries.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                deliveries = try await server.services.webhooks.deliveries(of: hook.id)
            }
            let delivery = try #require(deliveries.first?.delivery)
            #expect(delivery.type == "batchJob.done")
            let body = try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any]
            let data = try #require(body?["data"] as? [String: Any])
            #expect(data["state"] as? String == "finished" && data["rows"] as? Int == 2 && data["template"] as? String == "consent-form")
            #expect(data["dryRun"] as? Bool == true)
        }
    }

    static func fields(_ body: [String: Any]) -> [String] {
        ((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    static func reasons(_ body: [String: Any]) -> [String] {
        ((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0["reason"] as? String }
    }
}
