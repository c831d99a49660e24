import Foundation
import Logging
import NIOConcurrencyHelpers
import SignetModel
import SignetStore

/// The customer paying a payment request through the provider. The card details are checked
/// per field, passed to the provider and dropped: never stored, logged or put in the record.
///
/// A payment is reserved before the provider is asked (state `processing`, in a
/// transaction), so a second `pay` or a `decline` cannot race the charge; the provider call is
/// keyed by the interaction and its attempt number, so retrying an attempt never charges
/// twice; the outcome is settled in a second transaction.
package struct Payment {
    let services: SignetServices
    let logger: Logger

    package init(services: SignetServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    package func pay(_ record: InteractionRecord, session: SessionRecord, card: Card, by actor: Actor) async throws
        -> InteractionRecord
    {
        guard let part = record.payload.payment else {
            throw SignetError(.invalidInput, "this is a \(record.kind.rawValue), not a payment request")
        }
        try record.checkOpen()
        let details = try CardDetails.parse(number: card.cardNumber, expiry: card.expiry, cvc: card.cvc, holder: card.holder).get()
        // Only one attempt per request runs in this server at a time; a `processing` state
        // nobody here is running was left by a crash (or a lost provider answer) and is resumed.
        guard services.paymentsInFlight.claim(record.id) else { throw Self.inProgress }
        defer { services.paymentsInFlight.release(record.id) }
        let reserved = try await reserve(record, session: session, by: actor)
        let key = (reserved.payload.payment ?? part).chargeKey(interaction: record.id)
        let outcome: ChargeOutcome
        do {
            outcome = try await services.payments.charge(part.amount, card: details, description: part.description, key: key)
        } catch {
            // The card details are not part of the message: only the request and the failure.
            logger.error("payment provider failed for interaction \(record.id): \(error)")
            // The provider may or may not have taken the money: the request stays reserved and
            // the next `pay` asks again with the same key, which the provider answers without
            // charging twice.
            throw SignetError(
                .upstream, "the payment provider did not confirm the payment; nothing is charged twice: pay again to learn the outcome")
        }
        return try await settle(record, part: part, session: session, outcome: outcome, by: actor)
    }

    package static let inProgress = SignetError(.conflict, "a payment for this request is being processed; wait for its outcome")

    /// The card as the customer types it; checked per field, never kept.
    package struct Card: Decodable, Sendable {
        var cardNumber: String
        var expiry: String
        var cvc: String
        var holder: String
    }

    /// Marks the request `processing`, if it is still open and not already paid; a request
    /// left processing keeps its attempt number, so the retry reuses the provider key.
    private func reserve(_ record: InteractionRecord, session: SessionRecord, by actor: Actor) async throws -> InteractionRecord {
        let resumed = record.payload.payment?.state == .processing
        return try await services.interactions.change(
            record.id, session: session.id, event: resumed ? "paymentResumed" : "paymentStarted", by: actor
        ) { record in
            try record.checkOpen()
            guard let part = record.payload.payment, part.state != .paid, part.state != .declined else {
                throw SignetError(.conflict, "this payment request is no longer open")
            }
            record.status = .inProgress
            record.payload.payment?.state = .processing
        }
    }

    /// Records the provider's answer. A charge is recorded whatever happened to the request
    /// meanwhile: the money was taken, so its reference must never be lost.
    private func settle(
        _ record: InteractionRecord, part: PaymentPart, session: SessionRecord, outcome: ChargeOutcome, by actor: Actor
    ) async throws -> InteractionRecord {
        switch outcome {
        case .paid(let reference):
            return try await services.interactions.change(
                record.id, session: session.id, event: "paid",
                detail: ["amount": part.amount.decimal, "currency": part.amount.currency, "reference": reference], by: actor
            ) { record in
                record.status = .completed
                record.payload.payment?.state = .paid
                record.payload.payment?.reference = reference
                record.payload.payment?.failure = nil
            }
        case .rejected(let reason):
            return try await services.interactions.change(
                record.id, session: session.id, event: "paymentRejected", detail: ["reason": reason], by: actor
            ) { record in
                record.status = .failed
                record.payload.payment?.state = .rejected
                record.payload.payment?.failure = reason
                record.payload.payment?.attempts += 1
            }
        }
    }
}

/// The payment requests whose provider call is running in this server.
final class PaymentsInFlight: Sendable {
    private let running = NIOLockedValueBox<Set<String>>([])

    /// Takes `id` for one call; false when another call holds it.
    func claim(_ id: String) -> Bool { running.withLockedValue { $0.insert(id).inserted } }

    func release(_ id: String) { _ = running.withLockedValue { $0.remove(id) } }
}
