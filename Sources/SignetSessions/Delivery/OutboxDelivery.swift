import Foundation
import SignetModel
import SignetStore

/// Delivers the outbox: claims the due messages from the store's queue, sends each through
/// the transport, and records the outcome, with retries and backoff for passing failures.
package struct OutboxDelivery: Sendable {
    let outbox: any OutboxQueue
    let transport: any MessageTransport
    /// Attempts before a message counts as failed.
    package var maxAttempts = 5
    /// How long a claimed message is left to its deliverer before another may try it.
    package var leaseSeconds: Double = 120

    /// Creates the delivery over the store's queue.
    package init(outbox: any OutboxQueue, transport: any MessageTransport) {
        self.outbox = outbox
        self.transport = transport
    }

    /// Sends every message due at `now`; returns how many were handled.
    @discardableResult
    package func deliverDue(now: Date = Date()) async throws -> Int {
        let due = try await outbox.claimDue(now: now, lease: leaseSeconds)
        for message in due { try await deliver(message, now: now) }
        return due.count
    }

    private func deliver(_ message: OutboxRecord, now: Date) async throws {
        if let reason = Self.recipientProblem(message) {
            return try await outbox.finish(message, status: .failed, error: reason, now: now)
        }
        do {
            try await transport.send(message)
            try await outbox.finish(message, status: .sent, error: nil, now: now)
        } catch let rejection as TransportRejection {
            try await outbox.finish(message, status: .failed, error: "the provider refused it: \(rejection.reason)", now: now)
        } catch {
            var retry = message
            retry.attempts += 1
            retry.lastError = "\(error)"
            if retry.attempts >= maxAttempts {
                return try await outbox.finish(
                    retry, status: .failed, error: "not delivered after \(retry.attempts) attempts: \(error)", now: now)
            }
            // 10 s, 20 s, 40 s, 80 s...
            retry.nextAttemptAt = now.addingTimeInterval(10 * pow(2, Double(retry.attempts - 1)))
            try await outbox.reschedule(retry)
        }
    }

    /// Syntax checks before anything is sent: E.164 for SMS, an address for email.
    static func recipientProblem(_ message: OutboxRecord) -> String? {
        let kind: FieldKind = message.channel == .sms ? .phone : .email
        return ValueCheck.problem(with: .text(message.recipient), for: FieldDefinition(id: "recipient", kind: kind))
    }
}
