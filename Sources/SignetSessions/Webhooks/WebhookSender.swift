import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// POSTs one signed webhook body and answers what the receiver said. Each attempt checks the
/// URL again (`WebhookAddress`, after DNS resolution), follows no redirect, and gives up after
/// `timeout` seconds in all (connecting included). Only the first bytes of the answer are kept.
///
/// http URLs are sent over NIO to the very address that was checked, so a DNS answer that
/// changes between the check and the connection (rebinding) cannot steer the request. https
/// URLs go through URLSession (the service has no TLS client of its own), which resolves the
/// name again: there a rebinding within that moment is not caught; the check still refuses
/// any name that resolves to a refused address when the attempt starts.
package struct WebhookSender: Sendable {
    /// Seconds an attempt may take, connecting included.
    package var timeout: Double
    /// Sends to private addresses too (tests, or receivers inside the network on purpose).
    package var allowPrivate: Bool

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
        return target.secure
            ? try await postTLS(body, to: target, headers: headers) : try await postPlain(body, to: target, headers: headers)
    }

    private func postPlain(_ body: String, to target: WebhookAddress.Target, headers: [(String, String)]) async throws -> Answer {
        guard let address = target.addresses.first else { throw Failure(description: "no address to connect to") }
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: Answer.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group).connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
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
        let defaultPort = target.port == 80
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

    private func postTLS(_ body: String, to target: WebhookAddress.Target, headers: [(String, String)]) async throws -> Answer {
        var request = URLRequest(url: target.url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Signet-Webhooks/1", forHTTPHeaderField: "User-Agent")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body.utf8)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return Answer(status: status, excerpt: String(decoding: data.prefix(Self.excerptBytes), as: UTF8.self))
        } catch {
            throw Failure(description: "no answer: \(error.localizedDescription)")
        }
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

/// A redirect is answered as it is (3xx, a failed attempt): following it would send the event
/// to an address nobody checked.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
