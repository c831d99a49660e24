import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SignetModel
import Synchronization
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Attacks on paying: overlapping pays, a decline during the charge, a retry after the
/// provider's answer was lost. Each needs the reservation (`processing`) and the attempt key.
@Suite("Payment races")
struct PaymentRaceTests {
    @Test("a declined card sent while a good one is charging: 409, one charge, the request ends paid and never failed")
    func concurrentPays() async throws {
        let provider = SlowPayments(held: true)
        let server = try await TestServer(payments: provider)
        try await server.app.test(.router) { client in
            let (s, id, customer) = try await Self.paymentRequest(client, server)
            async let good = Self.pay(client, id, "4242 4242 4242 4242", customer)
            try await provider.waitUntilStarted(1)
            let declined = try await Self.pay(client, id, "4000 0000 0000 0002", customer)
            #expect(declined.status == .conflict)
            provider.release()
            let paid = try await good
            #expect(paid.status == .ok && paid.body["status"] as? String == "completed")
            #expect(provider.sandbox.charges.count == 1)
            #expect(provider.started == 1)
            let record = try #require(try await server.services.interactions.find(id, session: s.id))
            #expect(record.status == .completed && record.payload.payment?.state == .paid)
            #expect(record.payload.payment?.reference == provider.sandbox.charges.first?.reference)
            let kinds = try await server.services.events.events(session: s.id).map(\.kind)
            #expect(!kinds.contains("paymentRejected"))
            // Paid is final: another card is refused and never reaches the provider.
            #expect(try await Self.pay(client, id, "5555 5555 5555 4444", customer).status == .conflict)
            #expect(provider.started == 1 && provider.sandbox.charges.count == 1)
        }
    }

    @Test("declining while the charge is under way is refused (409) and the charge's reference is kept")
    func declineWhileProcessing() async throws {
        let provider = SlowPayments(held: true)
        let server = try await TestServer(payments: provider)
        try await server.app.test(.router) { client in
            let (s, id, customer) = try await Self.paymentRequest(client, server)
            async let good = Self.pay(client, id, "4242 4242 4242 4242", customer)
            try await provider.waitUntilStarted(1)
            let decline = try await client.call(
                .post, "/api/v1/customer/interactions/\(id)/decline", json: #"{"reason": "changed my mind"}"#, headers: customer)
            #expect(decline.status == .conflict)
            provider.release()
            let paid = try await good
            #expect(paid.status == .ok)
            let record = try #require(try await server.services.interactions.find(id, session: s.id))
            #expect(record.status == .completed && record.declineReason == nil)
            #expect(record.payload.payment?.state == .paid)
            let reference = try #require(provider.sandbox.charges.first?.reference)
            #expect(record.payload.payment?.reference == reference)
        }
    }

    @Test("an attempt whose answer was lost stays processing; paying again reuses its key and is not charged twice")
    func retryAfterLostAnswer() async throws {
        let provider = SlowPayments(delay: .zero)
        let server = try await TestServer(payments: provider)
        try await server.app.test(.router) { client in
            let (s, id, customer) = try await Self.paymentRequest(client, server)
            // A declined attempt first: it moves the attempt on, so the next key is new.
            #expect(try await Self.pay(client, id, "4000 0000 0000 0002", customer).body["status"] as? String == "failed")
            provider.loseNextAnswer()
            let lost = try await Self.pay(client, id, "4242 4242 4242 4242", customer)
            #expect(lost.status == .badGateway)
            #expect(provider.sandbox.charges.count == 1)
            // As a crash would leave it: reserved, nobody running it.
            let left = try #require(try await server.services.interactions.find(id, session: s.id))
            #expect(left.payload.payment?.state == .processing && left.payload.payment?.attempts == 1)
            let decline = try await client.call(
                .post, "/api/v1/customer/interactions/\(id)/decline", json: #"{"reason": "not sure it went through"}"#, headers: customer)
            #expect(decline.status == .conflict)

            let again = try await Self.pay(client, id, "5555 5555 5555 4444", customer)
            #expect(again.status == .ok && again.body["status"] as? String == "completed")
            #expect(provider.sandbox.charges.count == 1)
            #expect(provider.sandbox.charges.map(\.key) == ["\(id):1"])
            let record = try #require(try await server.services.interactions.find(id, session: s.id))
            #expect(record.payload.payment?.reference == provider.sandbox.charges.first?.reference)
            #expect(try await server.services.events.events(session: s.id).map(\.kind).contains("paymentResumed"))
        }
    }

    @Test("a request a crash left processing (after the provider charged) is settled by the next pay with the same key: one charge")
    func retryAfterCrash() async throws {
        let sandbox = SandboxPayments()
        let server = try await TestServer(payments: sandbox)
        try await server.app.test(.router) { client in
            let (s, id, customer) = try await Self.paymentRequest(client, server)
            // What the crashed server did: reserve the request, reach the provider, die.
            let reserved = try await server.services.interactions.change(
                id, session: s.id, event: "paymentStarted", by: Actor(name: "customer")
            ) {
                record in
                record.status = .inProgress
                record.payload.payment?.state = .processing
            }
            let part = try #require(reserved.payload.payment)
            let card = try CardDetails.parse(number: "4242424242424242", expiry: "12/35", cvc: "123", holder: "Amara").get()
            let charged = try await sandbox.charge(
                part.amount, card: card, description: part.description, key: part.chargeKey(interaction: id))
            let after = try await Self.pay(client, id, "5555 5555 5555 4444", customer)
            #expect(after.body["status"] as? String == "completed")
            #expect(sandbox.charges.count == 1)
            let record = try #require(try await server.services.interactions.find(id, session: s.id))
            #expect(charged == .paid(reference: record.payload.payment?.reference ?? ""))
        }
    }

    @Test("the sandbox answers a known key with its first outcome and charges once")
    func sandboxKeys() async throws {
        let sandbox = SandboxPayments()
        let amount = try MoneyAmount.parse(amount: "9.99", currency: "EUR").get()
        let good = try CardDetails.parse(number: "4242424242424242", expiry: "12/35", cvc: "123", holder: "A").get()
        let declined = try CardDetails.parse(number: "4000000000000002", expiry: "12/35", cvc: "123", holder: "A").get()
        let first = try await sandbox.charge(amount, card: good, description: "x", key: "k:0")
        #expect(try await sandbox.charge(amount, card: declined, description: "x", key: "k:0") == first)
        #expect(sandbox.charges.count == 1)
        #expect(
            try await sandbox.charge(amount, card: declined, description: "x", key: "k:1") == .rejected(reason: "the card was declined"))
        #expect(sandbox.charges.count == 1)
    }

    static func paymentRequest(_ client: some TestClientProtocol, _ server: TestServer) async throws -> (SessionFixture, String, HTTPFields)
    {
        let s = try await SessionFixture.start(client, server)
        let id = try await s.send(client, "payment-requests", #"{"amount": "40.00", "currency": "EUR", "description": "Deposit"}"#)
        return (s, id, try await s.customer(client))
    }

    static func pay(_ client: some TestClientProtocol, _ id: String, _ card: String, _ customer: HTTPFields) async throws
        -> (status: HTTPResponse.Status, body: [String: Any], headers: HTTPFields)
    {
        try await client.call(
            .post, "/api/v1/customer/interactions/\(id)/pay",
            json: #"{"cardNumber": "\#(card)", "expiry": "12/35", "cvc": "123", "holder": "Amara"}"#, headers: customer)
    }
}

/// The sandbox behind a slow network: every call waits before it reaches the sandbox, so
/// two calls overlap; `loseNextAnswer` drops an answer after the sandbox has acted on it. A
/// held provider keeps every charge waiting until `release()`, so a race test does not depend
/// on how busy the machine is.
final class SlowPayments: PaymentProvider {
    let sandbox = SandboxPayments()
    let delay: Duration
    private let state = Mutex((started: 0, lose: false, held: false))

    init(delay: Duration = .milliseconds(400), held: Bool = false) {
        self.delay = delay
        state.withLock { $0.held = held }
    }

    /// Lets held charges go on.
    func release() { state.withLock { $0.held = false } }

    /// Calls that reached the provider so far.
    var started: Int { state.withLock { $0.started } }

    func loseNextAnswer() { state.withLock { $0.lose = true } }

    /// Waits (at most 5 s) until `count` calls have reached the provider.
    func waitUntilStarted(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while started < count {
            guard ContinuousClock.now < deadline else { throw NeverStarted() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func charge(_ amount: MoneyAmount, card: CardDetails, description: String, key: String) async throws -> ChargeOutcome {
        state.withLock { $0.started += 1 }
        try await Task.sleep(for: delay)
        while state.withLock({ $0.held }) { try await Task.sleep(for: .milliseconds(10)) }
        let outcome = try await sandbox.charge(amount, card: card, description: description, key: key)
        let lose = state.withLock { state in
            defer { state.lose = false }
            return state.lose
        }
        if lose { throw LostAnswer() }
        return outcome
    }

    struct LostAnswer: Error {}
    struct NeverStarted: Error {}
}
