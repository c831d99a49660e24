import Foundation
import SignetModel
import SignetStore
import Synchronization

/// What a provider answers for one charge.
package enum ChargeOutcome: Sendable, Hashable {
    /// The money was taken; the provider's reference.
    case paid(reference: String)
    /// The provider refused the card; its reason, fit to show the customer.
    case rejected(reason: String)
}

/// Takes payments. The card details reach only `charge` and are never stored or logged.
package protocol PaymentProvider: Sendable {
    /// Charges `amount` to `card`. `key` names one attempt and stays the same when that
    /// attempt is retried (after a lost answer or a crash): the provider answers a known key
    /// with its first outcome instead of charging again.
    func charge(_ amount: MoneyAmount, card: CardDetails, description: String, key: String) async throws -> ChargeOutcome
}

/// The built-in provider: no money moves. Any card number with a valid Luhn check is paid,
/// except the published decline numbers, which are rejected with their reason. Like a real
/// provider it remembers every key, so a retried attempt is answered without a second charge.
package final class SandboxPayments: PaymentProvider {
    /// Test numbers the sandbox rejects, and why.
    package static let declines: [String: String] = [
        "4000000000000002": "the card was declined",
        "4000000000009995": "insufficient funds",
        "4000000000000069": "the card has expired",
        "4000000000000127": "the security code is wrong",
    ]

    /// A charge the sandbox took (no card details).
    package struct Charge: Sendable, Hashable {
        package var key: String
        package var amount: MoneyAmount
        package var reference: String
    }

    /// Keys remembered at most; the oldest are forgotten first, so a customer trying
    /// declined cards in a loop cannot grow the server's memory without end.
    static let rememberedKeys = 10_000

    private struct Ledger {
        var outcomes: [String: ChargeOutcome] = [:]
        var order: [String] = []
        var charges: [Charge] = []
    }

    private let ledger = Mutex(Ledger())

    /// Creates the sandbox.
    package init() {}

    /// Every charge taken, oldest first: what a customer would see on their statement.
    package var charges: [Charge] { ledger.withLock { $0.charges } }

    package func charge(_ amount: MoneyAmount, card: CardDetails, description: String, key: String) async throws -> ChargeOutcome {
        ledger.withLock { ledger in
            if let known = ledger.outcomes[key] { return known }
            let outcome: ChargeOutcome
            if let reason = Self.declines[card.number.digits] {
                outcome = .rejected(reason: reason)
            } else {
                let reference = "sandbox_" + String(SecretToken.hash(key).prefix(24))
                ledger.charges.append(Charge(key: key, amount: amount, reference: reference))
                if ledger.charges.count > Self.rememberedKeys { ledger.charges.removeFirst() }
                outcome = .paid(reference: reference)
            }
            ledger.outcomes[key] = outcome
            ledger.order.append(key)
            if ledger.order.count > Self.rememberedKeys { ledger.outcomes[ledger.order.removeFirst()] = nil }
            return outcome
        }
    }
}
