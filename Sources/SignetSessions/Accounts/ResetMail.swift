import Logging
import ServiceLifecycle
import SignetStore

/// Password-reset mail, sent in the background so that a reset request answers as fast whether
/// or not the email has an account. A service of the server's group: a graceful shutdown sends
/// what is already queued, then stops.
package final class ResetMail: Service {
    /// One mail to send, and the account it is for (named in a failure's log line instead of
    /// the address).
    private struct Letter: Sendable {
        var account: String
        var mail: OutboxRecord
    }

    private let transport: any MessageTransport
    private let logger: Logger
    private let queue = AsyncStream.makeStream(of: Letter.self)

    init(transport: any MessageTransport, logger: Logger) {
        self.transport = transport
        self.logger = logger
    }

    /// Queues `mail` for `account`; it leaves when the service gets to it.
    func send(_ mail: OutboxRecord, account: String) {
        queue.continuation.yield(Letter(account: account, mail: mail))
    }

    package func run() async {
        await withGracefulShutdownHandler {
            for await letter in queue.stream {
                do {
                    try await transport.send(letter.mail)
                } catch {
                    logger.error(
                        "\(SignIn.resetMailFailure(account: letter.account, recipient: letter.mail.recipient, error: error))")
                }
            }
        } onGracefulShutdown: {
            self.queue.continuation.finish()
        }
    }
}
