import AsyncHTTPClient
import Foundation
import NIOCore
import SignetModel
import SwiftASN1

/// The RFC 3161 client: asks the time-stamp authority at `url` to countersign a seal's
/// signature value, over HTTP(S) (`application/timestamp-query`), and hands back its token
/// only once it is the answer to this very request: status granted, the nonce we sent, the
/// imprint of this signature, and the authority's own signature over the token intact.
package struct TimeStampClient: SignatureTimeStamper {
    package let url: URL
    /// Seconds the whole exchange may take.
    package let timeout: Double
    /// A token with its certificate is a few KiB; anything much larger is not an answer.
    static let maxAnswerBytes = 1 << 20

    /// A client of the authority at `url` (http or https).
    package init(url: String, timeout: Double = 10) throws {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            throw SignetError(.invalidInput, "the time-stamp authority URL must be an http or https URL, not \(url)", field: "tsaURL")
        }
        guard timeout > 0, timeout <= 300 else {
            throw SignetError(.invalidInput, "the time-stamp timeout must be between 0 and 300 seconds", field: "tsaTimeout")
        }
        self.url = parsed
        self.timeout = timeout
    }

    package func timeStampToken(forSignature signature: [UInt8]) async throws -> [UInt8] {
        var nonce = UInt64.random(in: 1...UInt64.max)
        nonce >>= 1  // 63 random bits: a positive INTEGER whatever the encoder does with the top bit
        let query = try Self.request(imprint: CMSDigest.sha256.hash([signature[...]]), nonce: nonce)
        let answer = try await post(query)
        do {
            return try Self.token(in: answer, signature: signature[...], nonce: nonce)
        } catch let problem as CMSProblem {
            throw fail(problem.description)
        }
    }

    /// TimeStampReq ::= SEQUENCE { version 1, messageImprint { sha256, digest }, nonce, certReq TRUE }.
    static func request(imprint: [UInt8], nonce: UInt64) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { request in
            try request.serialize(1)
            try request.appendConstructedNode(identifier: .sequence) { messageImprint in
                try messageImprint.appendConstructedNode(identifier: .sequence) { algorithm in
                    try algorithm.serialize(CMSIdentifier.sha256)
                    try algorithm.serialize(ASN1Null())
                }
                try messageImprint.serialize(ASN1OctetString(contentBytes: imprint[...]))
            }
            try request.serialize(nonce)
            try request.serialize(true)
        }
        return serializer.serializedBytes
    }

    /// The token of a TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken OPTIONAL },
    /// verbatim, once it is known to answer the request for `signature` with `nonce`.
    static func token(in answer: [UInt8], signature: ArraySlice<UInt8>, nonce: UInt64) throws -> [UInt8] {
        let response = try parseDER(answer[...], "the answer").children(.sequence, "the answer")
        guard let statusInfo = response.first else { throw CMSProblem("the answer is empty") }
        let status = try statusInfo.children(.sequence, "the answer's status")
        guard let code = status.first, let value = try? Int(derEncoded: code) else { throw CMSProblem("the answer's status is malformed") }
        // 0 granted, 1 granted with modifications; 2 rejection, 3 waiting, 4-5 revocation.
        guard value == 0 || value == 1 else {
            let text = status.dropFirst().first { $0.identifier == .sequence }.flatMap(Self.freeText) ?? ""
            let names = ["granted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification"]
            let name = names.indices.contains(value) ? names[value] : "status \(value)"
            throw CMSProblem("the authority refused the request (\(name)\(text.isEmpty ? "" : ": \(text)"))")
        }
        guard response.count == 2 else { throw CMSProblem("the answer grants the request but holds no token") }
        let bytes = response[1].encodedBytes
        let token = try TimeStampToken(bytes)
        guard token.stamps(signature) else { throw CMSProblem("the token time-stamps another signature (its imprint differs)") }
        var expected = DER.Serializer()
        try expected.serialize(nonce)
        guard let echoed = token.nonce, Array(echoed) == expected.serializedBytes else {
            throw CMSProblem("the token does not carry the nonce of this request (a replayed or foreign answer)")
        }
        return Array(bytes)
    }

    /// PKIFreeText ::= SEQUENCE OF UTF8String, joined; nil when it is not one.
    private static func freeText(_ node: ASN1Node) -> String? {
        guard let parts = try? node.children(.sequence, "text") else { return nil }
        let texts = parts.compactMap { try? $0.primitive(.utf8String, "text") }
        return texts.map { String(decoding: $0.prefix(200), as: UTF8.self) }.joined(separator: "; ")
    }

    private func post(_ query: [UInt8]) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/timestamp-query")
        request.headers.add(name: "Accept", value: "application/timestamp-reply")
        request.body = .bytes(query)
        // A client of its own, so that a refused connection is an answer at once (the shared
        // client tries again until its connect timeout).
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .milliseconds(Int64(timeout * 1000))))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let answer: (status: UInt, body: ByteBuffer)
        do {
            answer = try await exchange(request, in: client)
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            switch error {
            case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
                throw fail("no answer within \(timeout) s")
            case is TimedOut: throw fail("no answer within \(timeout) s")
            case is NIOTooManyBytesError: throw fail("the answer is larger than \(Self.maxAnswerBytes >> 20) MiB")
            default: throw fail("the request failed (\(error))")
            }
        }
        guard answer.status == 200 else { throw fail("it answered HTTP \(answer.status)") }
        return Array(buffer: answer.body)
    }

    private struct TimedOut: Error {}

    /// One HTTP exchange, the answer's body included, within our own deadline: the client's
    /// deadline ends with the answer's head, so an authority that trickles the body could
    /// otherwise hold a seal for ever. The answer and the deadline race; the loser is cancelled,
    /// which ends the request too.
    private func exchange(_ request: HTTPClientRequest, in client: HTTPClient) async throws -> (status: UInt, body: ByteBuffer) {
        let timeout = timeout
        return try await withThrowingTaskGroup(of: (status: UInt, body: ByteBuffer)?.self) { race in
            race.addTask {
                let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
                guard response.status == .ok else { return (response.status.code, ByteBuffer()) }
                return (response.status.code, try await response.body.collect(upTo: Self.maxAnswerBytes))
            }
            race.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            defer { race.cancelAll() }
            guard let first = try await race.next(), let answer = first else { throw TimedOut() }
            return answer
        }
    }

    private func fail(_ reason: String) -> SignetError {
        SignetError(.io, "time-stamp authority \(url.absoluteString): \(reason)")
    }
}
