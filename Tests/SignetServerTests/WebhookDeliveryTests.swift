import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import HummingbirdTesting
import NIOCore
import NIOSSL
import SignetModel
import SignetPDF
import Synchronization
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// Webhooks delivered over real sockets to a receiver on 127.0.0.1: retries with the same
/// event id and a valid signature, a restart in the middle of the retries, a receiver that
/// never answers, a receiver over TLS.
@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    /// A receiver that answers each POST with the next status of its script (the last one
    /// after that) and keeps what it got.
    final class Receiver: Sendable {
        struct Hit: Sendable {
            var eventId: String?
            var signature: String?
            var body: String
        }
        private let state: Mutex<(script: [Int], hits: [Hit])>

        init(answers: [Int]) { state = Mutex((answers, [])) }

        var hits: [Hit] { state.withLock { $0.hits } }

        func take(_ hit: Hit) -> Int {
            state.withLock { state in
                state.hits.append(hit)
                return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
            }
        }

        /// Serves the receiver on a free port of 127.0.0.1 while `body` runs, over TLS when `tls`
        /// is given.
        func serve(tls: TLSConfiguration? = nil, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
            let router = Router()
            router.post("hook") { request, _ -> Response in
                let bytes = try await request.body.collect(upTo: 1 << 20)
                let status = self.take(
                    Hit(
                        eventId: request.headers[HTTPField.Name("Signet-Event-Id")!],
                        signature: request.headers[HTTPField.Name("Signet-Signature")!], body: String(buffer: bytes)))
                return Response(status: HTTPResponse.Status(code: status), body: .init(byteBuffer: ByteBuffer(string: "answer \(status)")))
            }
            let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
            if let tls {
                let app = Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration)
                try await app.test(.ahc(.https)) { client in try await body(try #require(client.port)) }
            } else {
                let app = Application(router: router, configuration: configuration)
                try await app.test(.live) { client in try await body(try #require(client.port)) }
            }
        }
    }

    /// What a receiver does with `Signet-Signature` (README): the HMAC of "<t>.<body>", and a
    /// time within five minutes.
    static func verify(_ header: String?, body: String, secret: String) -> Bool {
        guard let header else { return false }
        let parts = Dictionary(
            header.split(separator: ",").compactMap { part -> (String, String)? in
                let pair = part.split(separator: "=", maxSplits: 1)
                return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
            }, uniquingKeysWith: { a, _ in a })
        guard let t = parts["t"], let time = Double(t), let v1 = parts["v1"], abs(Date().timeIntervalSince1970 - time) < 300 else {
            return false
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(t).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == v1
    }

    static func fast(_ configuration: inout ServerConfiguration) {
        configuration.webhooks.allowPrivate = true
        configuration.webhooks.retryBase = 0.2
        configuration.webhooks.timeout = 2
    }

    /// Runs the deliverer until `done` holds (at most `seconds`).
    static func deliver(_ delivery: WebhookDelivery, seconds: Double = 10, until done: () -> Bool) async throws {
        let end = Date().addingTimeInterval(seconds)
        while !done() && Date() < end {
            try await delivery.deliverDue()
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test("a receiver answering 500 twice then 200 gets the event three times, same id, valid signature")
    func retriesUntilDelivered() async throws {
        let server = try await TestServer(configure: Self.fast)
        let admin = try await server.token(server.admin)
        let receiver = Receiver(answers: [500, 500, 200])
        try await receiver.serve { port in
            try await server.app.test(.router) { client in
                let made = try await client.call(
                    .post, "/api/v1/webhooks", token: admin,
                    json: #"{"url": "http://127.0.0.1:\#(port)/hook", "events": ["session.invited"]}"#)
                let hook = try #require(made.body["id"] as? String)
                let secret = try #require(made.body["secret"] as? String)
                let session = try await SessionFixture.start(client, server)

                try await Self.deliver(server.services.webhookDelivery) { receiver.hits.count >= 3 }
                try await Task.sleep(for: .milliseconds(600))
                try await server.services.webhookDelivery.deliverDue()
                let hits = receiver.hits
                #expect(hits.count == 3, "delivered once it succeeded, and not again")
                let body = try #require(hits.first?.body)
                let event = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                #expect(event["type"] as? String == "session.invited")
                #expect((event["data"] as? [String: Any])?["session"] as? String == session.id)
                for hit in hits {
                    #expect(hit.eventId == event["id"] as? String)
                    #expect(hit.body == body, "the same bytes every time")
                    #expect(Self.verify(hit.signature, body: hit.body, secret: secret))
                    #expect(!Self.verify(hit.signature, body: hit.body + " ", secret: secret))
                }

                let history = try await client.call(.get, "/api/v1/webhooks/\(hook)/deliveries", token: admin)
                let delivery = try #require((history.body["items"] as? [[String: Any]])?.first)
                #expect(delivery["status"] as? String == "sent" && delivery["event"] as? String == event["id"] as? String)
                let attempts = try #require(delivery["attempts"] as? [[String: Any]])
                #expect(attempts.compactMap { $0["responseCode"] as? Int } == [500, 500, 200])
                #expect(attempts.first?["error"] as? String == "the receiver answered HTTP 500")
                #expect(attempts.first?["excerpt"] as? String == "answer 500")
                #expect(attempts.last?["error"] == nil)
            }
        }
    }

    @Test(
        "a restart in the middle of the retries still delivers, and a delivery claimed by a deliverer that died is sent after its lease",
        .sqliteOnly)
    func survivesRestart() async throws {
        let first = try await TestServer(onDisk: true, configure: Self.fast)
        let receiver = Receiver(answers: [500, 200])
        try await receiver.serve { port in
            let hook = try await first.services.webhooks.create(
                url: "http://127.0.0.1:\(port)/hook", events: ["session.invited"], by: first.admin.id)
            try await first.app.test(.router) { client in
                _ = try await SessionFixture.start(client, first)
                _ = try await SessionFixture.start(client, first, name: "Second Person")
            }
            // One delivery fails once; the other is claimed by a deliverer that dies before sending.
            let claimed = try await first.services.webhooks.claimDue(now: Date(), lease: 60, limit: 1)
            #expect(claimed.count == 1)
            try await first.services.webhookDelivery.deliverDue()
            #expect(receiver.hits.count == 1)

            // The same data folder, a new process's services.
            let restarted = try await Bootstrap(
                configuration: first.configuration, engine: EngineRunner { job, _ in Engine.perform(job) }
            ).start()
            try await Self.deliver(restarted.webhookDelivery) { receiver.hits.count >= 2 }
            #expect(receiver.hits.count == 2, "the failed one is retried after the restart")
            #expect(receiver.hits.map(\.eventId)[0] == receiver.hits.map(\.eventId)[1])
            try await restarted.webhookDelivery.deliverDue(now: Date().addingTimeInterval(120))
            #expect(receiver.hits.count == 3, "the one whose lease ran out is sent")
            let states = try await restarted.webhooks.deliveries(of: hook.id).map(\.delivery.status)
            #expect(states == [.sent, .sent])
        }
    }

    @Test("a receiver that never answers is timed out, the attempt recorded and retried later")
    func hangingReceiverTimesOut() async throws {
        let server = try await TestServer {
            Self.fast(&$0)
            $0.webhooks.timeout = 0.5
        }
        // A socket that listens but never accepts: the kernel completes the connection and
        // takes the request, and no answer ever comes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        #expect(listen(listener, 8) == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let hook = try await server.services.webhooks.create(
            url: "http://127.0.0.1:\(port)/hook", events: ["session.invited"], by: server.admin.id)
        try await server.app.test(.router) { client in _ = try await SessionFixture.start(client, server) }

        let started = Date()
        #expect(try await server.services.webhookDelivery.deliverDue() == 1)
        // The timeout is 0.5 s; the bound leaves room for a loaded machine (3.1 s seen) and is
        // still far from a receiver left to hang.
        #expect(Date().timeIntervalSince(started) < 6)
        let history = try #require(try await server.services.webhooks.deliveries(of: hook.id).first)
        #expect(history.delivery.status == .pending && history.delivery.attempts == 1)
        #expect(history.attempts.first?.error?.contains("no answer within") == true, "\(history.attempts)")
        #expect(history.attempts.first?.responseCode == nil)
    }

    @Test("a redirect is not followed and counts as a failed attempt")
    func redirectsAreNotFollowed() async throws {
        let server = try await TestServer(configure: Self.fast)
        let receiver = Receiver(answers: [307])
        try await receiver.serve { port in
            let hook = try await server.services.webhooks.create(
                url: "http://127.0.0.1:\(port)/hook", events: ["session.invited"], by: server.admin.id)
            try await server.app.test(.router) { client in _ = try await SessionFixture.start(client, server) }
            try await server.services.webhookDelivery.deliverDue()
            let history = try #require(try await server.services.webhooks.deliveries(of: hook.id).first)
            #expect(history.attempts.map(\.responseCode) == [307] && history.delivery.status == .pending)
            #expect(receiver.hits.count == 1)
        }
    }

    @Test(
        "https: TLS to the checked address; the event goes only to a trusted certificate that names it, and a redirect is answered as it is"
    )
    func httpsReceiver() async throws {
        let (certificate, tls) = try Self.selfSigned(names: "IP:127.0.0.1")
        let receiver = Receiver(answers: [200, 307])
        try await receiver.serve(tls: tls) { port in
            let sender = WebhookSender(timeout: 5, allowPrivate: true, trustRoots: .certificates([certificate]))
            let headers = [("Signet-Event-Id", "evt_tls")]
            let answer = try await sender.post(#"{"ok":true}"#, to: Self.tlsURL(port), headers: headers)
            #expect(answer.status == 200 && answer.excerpt == "answer 200")
            #expect(receiver.hits.map(\.eventId) == ["evt_tls"])
            #expect(try await sender.post("{}", to: Self.tlsURL(port), headers: headers).status == 307)
            // The system's roots do not know this certificate.
            let untrusting = WebhookSender(timeout: 5, allowPrivate: true)
            await #expect(throws: (any Error).self) { try await untrusting.post("{}", to: Self.tlsURL(port), headers: headers) }
            #expect(receiver.hits.count == 2)
        }
        // Trusted, but made out to another name than the address the URL names.
        let (elsewhere, elsewhereTLS) = try Self.selfSigned(names: "DNS:receiver.example")
        let impostor = Receiver(answers: [200])
        try await impostor.serve(tls: elsewhereTLS) { port in
            let sender = WebhookSender(timeout: 5, allowPrivate: true, trustRoots: .certificates([elsewhere]))
            await #expect(throws: (any Error).self) { try await sender.post("{}", to: Self.tlsURL(port), headers: []) }
            #expect(impostor.hits.isEmpty)
        }
    }

    /// The receiver's https URL, by its IP literal.
    static func tlsURL(_ port: Int) -> String { "https://127.0.0.1:\(port)/hook" }

    /// A self-signed certificate for `names` (subjectAltName entries) and a server TLS
    /// configuration that presents it.
    static func selfSigned(names: String) throws -> (NIOSSLCertificate, TLSConfiguration) {
        let dir = NSTemporaryDirectory() + "signet-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Samples.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=receiver",
                "-addext", "subjectAltName=\(names)", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem",
            ])
        let certificate = try NIOSSLCertificate(file: dir + "/cert.pem", format: .pem)
        let key = try NIOSSLPrivateKey(file: dir + "/key.pem", format: .pem)
        return (certificate, .makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
    }

    @Test("backoff doubles from the base, with jitter, and a delivery fails after the last attempt")
    func backoffAndGivingUp() async throws {
        var settings = WebhookSettings()
        settings.retryBase = 30
        let server = try await TestServer { Self.fast(&$0) }
        let delivery = WebhookDelivery(webhooks: server.services.webhooks, settings: settings)
        for n in 1...7 {
            let wait = delivery.backoff(after: n)
            let nominal = 30 * pow(2, Double(n - 1))
            #expect(wait >= nominal * 0.75 && wait <= nominal * 1.25)
        }
        let receiver = Receiver(answers: [503])
        try await receiver.serve { port in
            var quick = WebhookSettings()
            quick.allowPrivate = true
            quick.retryBase = 0.01
            quick.attempts = 3
            let hook = try await server.services.webhooks.create(
                url: "http://127.0.0.1:\(port)/hook", events: ["session.invited"], by: server.admin.id)
            try await server.app.test(.router) { client in _ = try await SessionFixture.start(client, server) }
            let deliverer = WebhookDelivery(webhooks: server.services.webhooks, settings: quick)
            try await Self.deliver(deliverer) { receiver.hits.count >= 3 }
            try await Task.sleep(for: .milliseconds(100))
            try await deliverer.deliverDue()
            let history = try #require(try await server.services.webhooks.deliveries(of: hook.id).first)
            #expect(history.delivery.status == .failed && history.attempts.count == 3 && receiver.hits.count == 3)
        }
    }
}
