import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import SignetServer
@testable import SignetSessions

/// Issue 13, finding 3: an agent's field pattern must not be able to stall the service. With
/// NSRegularExpression, `^(a+)+b$` against forty a's backtracked for seconds per call and
/// starved `/health`; the linear-time matcher answers at once, off the HTTP threads.
@Suite("Field pattern attacks")
struct PatternAttackTests {
    /// What one timed call answered.
    struct Answer: Sendable {
        var path: String
        var status: HTTPResponse.Status
        var fields: Set<String>
        var elapsed: Duration
    }

    /// A quick answer: about 20 ms per value and 5 ms for `/health` in a debug build on the
    /// 2-core CI machine when run alone, but the whole suite runs beside it, so the bound is
    /// generous. It still tells the matchers apart: the backtracking one took 2.4 s per value at
    /// forty a's and `/health` 1.6 s, and its work doubles with every further a (sixty here:
    /// days). A fresh-clone run of the suite beside a build took 5.6 s, hence 10 s.
    static let quick = Duration.seconds(10)

    @Test("six customers sending a value against ^(a+)+b$ at once each get a quick 422 naming the field; /health stays quick")
    func nestedQuantifiers() async throws {
        let server = try await TestServer()
        try await server.app.test(.live) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let id = try await s.send(
                client, "documents",
                #"""
                {"upload": "\#(letter)", "title": "Codes", "fields": [
                  {"id": "code", "label": "Code", "kind": "text", "role": "customer", "pattern": "^(a+)+b$",
                   "page": 1, "rect": {"x": 72, "y": 100, "width": 200, "height": 20}}]}
                """#)
            var customer = try await s.customer(client)
            customer[.contentType] = "application/json"
            let port = try #require(client.port)
            let values = "/api/v1/customer/interactions/\(id)/values"
            let attack = #"{"values": {"code": "\#(String(repeating: "a", count: 60))"}}"#
            let headers = customer
            // Each customer on their own connection, so the calls really overlap.
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await Self.timed(port: port, .put, values, headers: headers, body: attack) }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(20))
                    return try await Self.timed(port: port, .get, "/health")
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let puts = answers.filter { $0.path == values }
            #expect(puts.count == 6)
            for answer in puts {
                #expect(answer.status == .unprocessableContent && answer.fields == ["code"])
                #expect(answer.elapsed < Self.quick, "a value took \(answer.elapsed)")
            }
            let health = try #require(answers.first { $0.path == "/health" })
            #expect(health.status == .ok)
            #expect(health.elapsed < Self.quick, "/health took \(health.elapsed)")
            // The pattern still does its job.
            let good = try await Self.timed(
                port: port, .put, values, headers: headers, body: #"{"values": {"code": "\#(String(repeating: "a", count: 40))b"}}"#)
            #expect(good.status == .ok)
        }
    }

    @Test("a pattern that cannot be matched in linear time is refused when the agent defines it, naming the field")
    func refusedAtDefinition() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let answer = try await client.call(
                .post, "\(s.base)/documents", token: s.agent,
                json: #"""
                    {"upload": "\#(letter)", "fields": [
                      {"id": "twice", "kind": "text", "pattern": "(a+)\\1", "page": 1, "rect": {"x": 72, "y": 100, "width": 200, "height": 20}},
                      {"id": "huge", "kind": "text", "pattern": "((a{100}){100}){100}", "page": 1, "rect": {"x": 72, "y": 200, "width": 200, "height": 20}}]}
                    """#)
            #expect(answer.status == .unprocessableContent)
            #expect(problemFields(answer.body) == ["fields.twice", "fields.huge"])
        }
    }

    /// One call on a connection of its own, timed.
    static func timed(port: Int, _ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil)
        async throws -> Answer
    {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let started = ContinuousClock.now
            let response = try await client.execute(
                TestClient.Request(path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }))
            let elapsed = ContinuousClock.now - started
            let data = response.body.map { Data(buffer: $0) } ?? Data()
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return Answer(path: path, status: response.status, fields: problemFields(object), elapsed: elapsed)
        }
    }
}
