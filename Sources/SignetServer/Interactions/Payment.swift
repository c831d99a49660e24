import Foundation
import SignetModel
import SignetStore

/// The customer paying a payment request through the provider. The card details are checked
/// per field, passed to the provider and dropped: never stored, logged or put in the record.
struct Payment {
    let services: SignetServices

    func pay(_ record: InteractionRecord, session: SessionRecord, card: CustomerInteractionController.Card, by actor: Actor) async throws
        -> InteractionRecord
    {
        guard let part = record.payload.payment else {
            throw SignetError(.invalidInput, "this is a \(record.kind.rawValue), not a payment request")
        }
        try record.checkOpen()
        let details = try CardDetails.parse(number: card.cardNumber, expiry: card.expiry, cvc: card.cvc, holder: card.holder).get()
        // One provider key per attempt on this request, so a retried call is not charged twice.
        let attempt = "\(record.id):\(record.updatedAt.timeIntervalSince1970)"
        let outcome = try await services.payments.charge(part.amount, card: details, description: part.description, key: attempt)
        switch outcome {
        case .paid(let reference):
            return try services.interactions.change(
                record.id, session: session.id, event: "paid",
                detail: ["amount": part.amount.decimal, "currency": part.amount.currency, "reference": reference], by: actor
            ) { record, _ in
                try record.checkOpen()
                record.status = .completed
                record.payload.payment?.state = .paid
                record.payload.payment?.reference = reference
                record.payload.payment?.failure = nil
            }
        case .rejected(let reason):
            return try services.interactions.change(
                record.id, session: session.id, event: "paymentRejected", detail: ["reason": reason], by: actor
            ) {
                record, _ in
                record.status = .failed
                record.payload.payment?.state = .rejected
                record.payload.payment?.failure = reason
            }
        }
    }
}
