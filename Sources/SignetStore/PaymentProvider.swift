import Foundation
import SignetModel

/// What a provider answers for one charge.
public enum ChargeOutcome: Sendable, Hashable {
    /// The money was taken; the provider's reference.
    case paid(reference: String)
    /// The provider refused the card; its reason, fit to show the customer.
    case rejected(reason: String)
}

/// Takes payments. The card details reach only `charge` and are never stored or logged.
public protocol PaymentProvider: Sendable {
    /// Charges `amount` to `card`. `key` is the same for retries of one attempt, so a
    /// provider can refuse to charge twice.
    func charge(_ amount: MoneyAmount, card: CardDetails, description: String, key: String) async throws -> ChargeOutcome
}

/// The built-in provider: no money moves. Any card number with a valid Luhn check is paid,
/// except the published decline numbers, which are rejected with their reason.
public struct SandboxPayments: PaymentProvider {
    /// Test numbers the sandbox rejects, and why.
    public static let declines: [String: String] = [
        "4000000000000002": "the card was declined",
        "4000000000009995": "insufficient funds",
        "4000000000000069": "the card has expired",
        "4000000000000127": "the security code is wrong",
    ]

    /// Creates the sandbox.
    public init() {}

    public func charge(_ amount: MoneyAmount, card: CardDetails, description: String, key: String) async throws -> ChargeOutcome {
        if let reason = Self.declines[card.number.digits] { return .rejected(reason: reason) }
        return .paid(reference: "sandbox_" + String(SecretToken.hash(key).prefix(24)))
    }
}
