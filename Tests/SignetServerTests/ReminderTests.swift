import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SignetModel
import SignetPDF
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Reminders on a session's plan (second-scale here), by hand, and the admin's default:
/// through the outbox with a fresh link, each a `reminded` event, stopping at the plan's
/// most, on completion, cancel and expiry, never sent twice by two loops.
@Suite("Reminders")
struct ReminderTests {
    /// The reminder messages in the outbox so far.
    static func reminders(_ server: TestServer) throws -> [[String: String]] {
        try server.outbox().filter { $0["subject"]?.hasPrefix("Reminder") ?? false }
    }

    static func path(_ link: String?) throws -> String { String(try #require(link).dropFirst("http://signet.test".count)) }

    @Test("first after PT1S, then every PT2S, at most 2; each with a fresh link while the first still works; recorded as reminded")
    func scheduled() async throws {
        let server = try await TestServer { $0.sendsReminders = false }  // the test drives the schedule by hand
        try await server.app.test(.router) { client in
            let (s, body) = try await SessionLifecycleTests.start(
                client, server, #", "lifetime": "PT60S", "reminders": {"first": "PT1S", "every": "PT2S", "max": 2}"#)
            #expect((body["reminders"] as? [String: Any])?["first"] as? String == "PT1S" && body["nextReminderAt"] != nil)
            try await server.services.outbox.deliverDue()
            let invitation = try Self.path(try server.outbox().last?["link"])
            // The schedule is driven by the clock it is given, not by sleeping: a loaded machine
            // that stalls between two steps cannot shift them.
            let start = Date()
            let reminders = server.services.sessions
            // Nothing sent into the session yet: nothing to remind of, the schedule moves on (to +3.5 s).
            #expect(try await reminders.sendDueReminders(now: start.addingTimeInterval(1.5)) == 0)
            let letter = try await s.upload(client, "letter.pdf")
            _ = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            #expect(try await reminders.sendDueReminders(now: start.addingTimeInterval(3)) == 0)
            #expect(try await reminders.sendDueReminders(now: start.addingTimeInterval(4)) == 1)
            #expect(try await reminders.sendDueReminders(now: start.addingTimeInterval(4)) == 0)  // the next is PT2S away
            #expect(try await reminders.sendDueReminders(now: start.addingTimeInterval(7)) == 1)
            #expect(try await reminders.sendDueReminders(now: start.addingTimeInterval(20)) == 0)  // the plan's most is reached
            try await server.services.outbox.deliverDue(now: start.addingTimeInterval(20))

            let sent = try Self.reminders(server)
            #expect(sent.count == 2 && sent.allSatisfy { $0["to"] == "amara@example.com" })
            #expect(sent[0]["body"]?.contains(sent[0]["link"] ?? "-") == true)
            let links = try sent.map { try Self.path($0["link"]) }
            #expect(Set(links + [invitation]).count == 3)
            // Every link opens the same session; the invitation's keeps working.
            for link in [invitation] + links { #expect(try await client.call(.get, link).status == .seeOther) }
            let events = try await server.services.events.events(session: s.id).filter { $0.kind == "reminded" }
            #expect(events.count == 2 && events.allSatisfy { $0.actor == "system" && ($0.detail ?? "").contains(#""by":"schedule""#) })
            let shown = try await client.call(.get, s.base, token: s.agent)
            #expect(shown.body["remindersSent"] as? Int == 2 && shown.body["nextReminderAt"] == nil && shown.body["lastRemindedAt"] != nil)
        }
    }

    @Test("reminders stop on completion, cancel and expiry")
    func stops() async throws {
        let server = try await TestServer { $0.sendsReminders = false }  // the test drives the schedule by hand
        try await server.app.test(.router) { client in
            let plan = #", "reminders": {"first": "PT1S", "every": "PT1S", "max": 5}"#
            let (done, _) = try await SessionLifecycleTests.start(client, server, plan, name: "Dora Done")
            let (cancelled, _) = try await SessionLifecycleTests.start(client, server, plan, name: "Cal Cancelled")
            let (expiring, _) = try await SessionLifecycleTests.start(client, server, plan + #", "lifetime": "PT8S""#, name: "Eve Expiring")
            var requests: [String] = []
            for s in [done, cancelled, expiring] {
                requests.append(
                    try await server.services.interactions.add(
                        Interactions.Draft(kind: .documentRequest, title: "ID", payload: InteractionPayload()), session: s.id, by: .system
                    ).id)
            }
            let customer = try await done.customer(client)
            let declined = try await client.call(
                .post, "/api/v1/customer/interactions/\(requests[0])/decline", json: #"{"reason": "No ID"}"#, headers: customer)
            #expect(declined.status == .ok)
            #expect(try await client.call(.post, "\(cancelled.base)/cancel", token: cancelled.agent).status == .ok)
            // Past the expiry, and past the first reminder of every plan (PT1S): the clock is given,
            // not slept for.
            let expiresAt = try #require(try await server.services.sessions.session(id: expiring.id)?.expiresAt)
            #expect(try await server.services.sessions.sendDueReminders(now: expiresAt.addingTimeInterval(1)) == 0)
            for s in [done, cancelled, expiring] {
                #expect(try await server.services.events.events(session: s.id).allSatisfy { $0.kind != "reminded" })
                // Off the schedule for good: the loop does not look at them again.
                #expect(try await server.services.sessions.session(id: s.id)?.nextReminderAt == nil)
            }
            #expect(try await server.services.sessions.session(id: done.id)?.state == .completed)
        }
    }

    @Test("two servers on one database racing for the same due reminders send each once; the schedule survives a restart", .sqliteOnly)
    func twoLoops() async throws {
        let first = try await TestServer(onDisk: true)
        let s = try await first.services.sessions.create(
            agent: first.agent, customer: CustomerContact(name: "Ravi Rao", email: "ravi@example.com", channel: .email), invite: true,
            reminders: ReminderPlan(first: 1, every: 60, max: 3), by: .system)
        _ = try await first.services.interactions.add(
            Interactions.Draft(kind: .documentRequest, title: "ID", payload: InteractionPayload()), session: s.id, by: .system)
        // A second server process on the same database file, started after the first wrote the plan.
        var bootstrap = Bootstrap(configuration: first.configuration, engine: EngineRunner { job, _ in Engine.perform(job) })
        bootstrap.bcryptCost = 4
        let second = try await bootstrap.start()
        try await Task.sleep(for: .milliseconds(1100))
        async let a = first.services.sessions.sendDueReminders()
        async let b = second.sessions.sendDueReminders()
        async let c = first.services.sessions.sendDueReminders()
        let total = try await a + b + c
        #expect(total == 1)
        let record = try #require(try await second.sessions.session(id: s.id))
        #expect(record.remindersSent == 1 && record.nextReminderAt != nil)
        #expect(try await first.services.events.events(session: s.id).filter { $0.kind == "reminded" }.count == 1)
    }

    @Test("by hand: 200 with a reminder sent; 429 too soon after; 409 when nothing waits or the session is closed; other agents 404")
    func manual() async throws {
        let server = try await TestServer {
            // Room for a loaded machine between two calls the test expects within the spacing.
            $0.manualReminderSpacing = 6
            $0.sendsReminders = false
        }
        try await server.app.test(.router) { client in
            let (s, _) = try await SessionLifecycleTests.start(client, server, "")
            let remind = { try await client.call(.post, "\(s.base)/remind", token: s.agent) }
            try await Task.sleep(for: .milliseconds(6100))
            let nothing = try await remind()
            #expect(nothing.status == .conflict && nothing.body["title"] as? String == "Nothing waits for the customer")
            let letter = try await s.upload(client, "letter.pdf")
            _ = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let sent = try await remind()
            #expect(sent.status == .ok && sent.body["lastRemindedAt"] != nil && sent.body["remindersSent"] as? Int == 0)
            let soon = try await remind()
            #expect(soon.status == .tooManyRequests && (1...6).contains(Int(soon.headers[.retryAfter] ?? "") ?? 0))
            try await server.services.outbox.deliverDue()
            #expect(try Self.reminders(server).count == 1)
            let event = try #require(try await server.services.events.events(session: s.id).last { $0.kind == "reminded" })
            #expect(event.actor.hasPrefix("agent:") && (event.detail ?? "").contains(#""by":"agent""#))
            let other = try await server.token(server.otherAgent)
            #expect(try await client.call(.post, "\(s.base)/remind", token: other).status == .notFound)
            #expect(try await client.call(.post, "\(s.base)/cancel", token: s.agent).status == .ok)
            let closed = try await remind()
            #expect(closed.status == .conflict && closed.body["title"] as? String == "The session is cancelled")
        }
    }

    @Test("a reminder's delivery never speaks for the invitation's: a failed reminder is recorded, the session's delivery stays")
    func reminderDelivery() async throws {
        let server = try await TestServer { $0.manualReminderSpacing = 1 }
        try await server.app.test(.router) { client in
            let (s, _) = try await SessionLifecycleTests.start(client, server, "")
            try await server.services.outbox.deliverDue()
            let letter = try await s.upload(client, "letter.pdf")
            _ = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await client.call(.post, "\(s.base)/remind", token: s.agent).status == .ok)
            let claimed = try await server.services.backend.outbox.claimDue(now: Date(), lease: 30)
            let reminder = try #require(claimed.first { $0.reminder })
            try await server.services.backend.outbox.finish(reminder, status: .failed, error: "no such mailbox", now: Date())
            let shown = try await client.call(.get, s.base, token: s.agent)
            #expect(shown.body["delivery"] as? String == "sent" && shown.body["deliveryError"] == nil)
            let events = try await server.services.events.events(session: s.id)
            #expect(events.contains { $0.kind == "reminderDeliveryFailed" && ($0.detail ?? "").contains("no such mailbox") })
            #expect(!events.contains { $0.kind == "deliveryFailed" })
        }
    }

    @Test("the admin's default plan: read by every account, set by admins only, checked per field, inherited by new sessions")
    func settings() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let admin = try await server.token(server.admin)
            let agent = try await server.token(server.agent)
            #expect(try await client.call(.get, "/api/v1/settings", token: agent).body["reminders"] == nil)
            let plan = #"{"reminders": {"first": "P1D", "every": "P2D", "max": 3}}"#
            #expect(try await client.call(.put, "/api/v1/settings", token: agent, json: plan).status == .forbidden)
            let bad = try await client.call(
                .put, "/api/v1/settings", token: admin, json: #"{"reminders": {"first": "P1M", "every": "soon", "max": 50}}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(problemFields(bad.body) == ["reminders.first", "reminders.every", "reminders.max"])
            let set = try await client.call(.put, "/api/v1/settings", token: admin, json: plan)
            #expect(set.status == .ok && (set.body["reminders"] as? [String: Any])?["every"] as? String == "P2D")
            let shown = try await client.call(.get, "/api/v1/settings", token: agent)
            #expect((shown.body["reminders"] as? [String: Any])?["max"] as? Int == 3)

            let (_, inherited) = try await SessionLifecycleTests.start(client, server, "")
            #expect((inherited["reminders"] as? [String: Any])?["first"] as? String == "P1D")
            #expect(try SessionLifecycleTests.seconds(inherited, from: "invitedAt", to: "nextReminderAt") == 86_400)
            let (_, none) = try await SessionLifecycleTests.start(client, server, #", "reminders": {"max": 0}"#)
            #expect(none["reminders"] == nil && none["nextReminderAt"] == nil)
            let refused = try await client.call(
                .post, "/api/v1/sessions", token: agent,
                json:
                    #"{"customer": {"name": "A", "email": "a@example.com", "channel": "email"}, "reminders": {"first": "PT0S", "max": 2}}"#)
            #expect(problemFields(refused.body) == ["reminders.first", "reminders.every"])
            // Turned off again.
            let off = try await client.call(.put, "/api/v1/settings", token: admin, json: #"{"reminders": null}"#)
            #expect(off.status == .ok && off.body["reminders"] == nil)
        }
    }
}
