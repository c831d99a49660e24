import AsyncHTTPClient
import Foundation
import NIOCore
import SignetStore

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
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(try JSONEncoder().encode(["to": message.recipient, "body": message.body]))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let status = Int(response.status.code)
        // Only the answer's first bytes are kept (for the outbox's error); the rest is not read.
        var excerpt: [UInt8] = []
        for try await chunk in response.body {
            excerpt += chunk.readableBytesView.prefix(500 - excerpt.count)
            if excerpt.count == 500 { break }
        }
        let answer = String(decoding: excerpt, as: UTF8.self)
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
