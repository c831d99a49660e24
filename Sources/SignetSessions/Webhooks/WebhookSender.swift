import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// POSTs one signed webhook body and answers what the receiver said. Each attempt checks the
/// URL again (`WebhookAddress`, after DNS resolution), follows no redirect, and gives up after
/// `timeout` seconds in all (connecting and the TLS handshake included). Only the first bytes
/// of the answer are kept.
///
/// http and https alike are sent over NIO to the very address that was checked, so a DNS
/// answer that changes between the check and the connection (rebinding) cannot steer the
/// request. https adds TLS on that connection, the receiver's certificate checked against
/// the URL's host name (or, for an IP literal, its address) and the trusted roots.
package struct WebhookSender: Sendable {
    /// Seconds an attempt may take, connecting included.
    package var timeout: Double
    /// Sends to private addresses too (tests, or receivers inside the network on purpose).
    package var allowPrivate: Bool
    /// The roots an https receiver's certificate must chain to: the system's (tests trust
    /// their own receiver's).
    package var trustRoots: NIOSSLTrustRoots = .default

    /// Bytes of the receiver's answer kept with the attempt.
    static let excerptBytes = 256

    /// What the receiver answered.
    package struct Answer: Sendable {
        package var status: Int
        package var excerpt: String
    }

    /// An attempt that got no HTTP answer.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `body` to `url` with `headers`.
    package func post(_ body: String, to url: String, headers: [(String, String)]) async throws -> Answer {
        let target = try await WebhookAddress.check(url, allowPrivate: allowPrivate)
        guard let address = target.addresses.first else { throw Failure(description: "no address to connect to") }
        let tls = target.secure ? try tlsContext() : nil
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: Answer.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group).connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: Self.serverName(target)))
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(AnswerReader(promise: promise))
                    }
                }
                .connect(to: address).get()
        } catch {
            promise.fail(error)
            throw Failure(description: "cannot connect to \(address): \(error)")
        }
        // Whatever happens, the connection ends at the deadline.
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            promise.fail(Failure(description: "no answer within \(timeout) seconds"))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        var path = target.url.path.isEmpty ? "/" : target.url.path
        if let query = target.url.query { path += "?" + query }
        var fields = HTTPHeaders()
        let defaultPort = target.port == (target.secure ? 443 : 80)
        fields.add(name: "Host", value: defaultPort ? hostHeader(target.host) : "\(hostHeader(target.host)):\(target.port)")
        fields.add(name: "Content-Type", value: "application/json")
        fields.add(name: "Content-Length", value: String(body.utf8.count))
        fields.add(name: "User-Agent", value: "Signet-Webhooks/1")
        fields.add(name: "Connection", value: "close")
        for (name, value) in headers { fields.add(name: name, value: value) }
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: fields)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        do {
            let answer = try await promise.futureResult.get()
            channel.close(promise: nil)
            return answer
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    private func hostHeader(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    /// TLS that trusts `trustRoots` and checks the receiver's certificate.
    private func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = trustRoots
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw Failure(description: "cannot set up TLS: \(error)")
        }
    }

    /// The name sent in SNI and looked for in the certificate: the URL's host. An IP literal,
    /// which SNI cannot carry, is nil: the certificate is then checked for the address itself.
    private static func serverName(_ target: WebhookAddress.Target) -> String? {
        (try? SocketAddress(ipAddress: target.host, port: 0)) == nil ? target.host : nil
    }
}

/// Collects the status and the first bytes of an HTTP answer, then ends the exchange.
private final class AnswerReader: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    let promise: EventLoopPromise<WebhookSender.Answer>
    var status: Int?
    var excerpt: [UInt8] = []

    init(promise: EventLoopPromise<WebhookSender.Answer>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = Int(head.status.code)
        case .body(var buffer):
            let room = WebhookSender.excerptBytes - excerpt.count
            if room > 0 { excerpt += buffer.readBytes(length: min(room, buffer.readableBytes)) ?? [] }
        case .end:
            answer()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A receiver that closes after its head (no length, no chunks) has still answered.
        if status != nil { answer() }
        promise.fail(WebhookSender.Failure(description: "the receiver closed the connection without an answer"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(WebhookSender.Failure(description: "the exchange failed: \(error)"))
        context.close(promise: nil)
    }

    /// A promise completed twice keeps its first outcome (NIO ignores the later ones).
    private func answer() {
        guard let status else { return }
        promise.succeed(WebhookSender.Answer(status: status, excerpt: String(decoding: excerpt, as: UTF8.self)))
    }
}
