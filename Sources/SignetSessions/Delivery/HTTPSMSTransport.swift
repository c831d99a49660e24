import Foundation
import SignetStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// SMS through an HTTP provider: `POST <url>` with `{"to", "body"}` as JSON and a bearer token.
/// A 4xx answer is the provider refusing the message (unknown or unreachable number), which
/// is final; 5xx and network errors are retried by the outbox.
package struct HTTPSMSTransport: MessageTransport {
    /// The provider's endpoint.
    package var url: URL
    /// Sent as `Authorization: Bearer ...` when set.
    package var token: String?

    /// Creates the transport.
    package init(url: URL, token: String?) {
        self.url = url
        self.token = token
    }

    package func send(_ message: OutboxRecord) async throws {
        var request = URLRequest(url: url, timeoutInterval: 20)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try JSONEncoder().encode(["to": message.recipient, "body": message.body])
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let answer = String(decoding: data.prefix(500), as: UTF8.self)
        if (400..<500).contains(status) { throw TransportRejection("HTTP \(status): \(answer)") }
        guard (200..<300).contains(status) else { throw SMSProviderError(status: status, answer: answer) }
    }
}

struct SMSProviderError: Error, CustomStringConvertible {
    var status: Int
    var answer: String
    var description: String { "SMS provider answered HTTP \(status): \(answer)" }
}

/// Sends each message by its channel: SMS through one transport, email through another.
package struct ChannelTransport: MessageTransport {
    /// For `sms` messages.
    package var sms: any MessageTransport
    /// For `email` messages.
    package var email: any MessageTransport

    /// Creates the router.
    package init(sms: any MessageTransport, email: any MessageTransport) {
        self.sms = sms
        self.email = email
    }

    package func send(_ message: OutboxRecord) async throws {
        switch message.channel {
        case .sms: try await sms.send(message)
        case .email: try await email.send(message)
        }
    }
}
