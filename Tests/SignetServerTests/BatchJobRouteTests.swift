import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetStore

/// Batches over HTTP: a template filled from uploaded rows into a zip with a per-row report,
/// and bulk send (one session per row) after a dry run.
@Suite("Batch jobs over HTTP")
struct BatchJobRouteTests {
    static let columns =
        "loan_reference,offer_date,agent_name,loan_amount,term,interest_rate,full_name,date_of_birth,email,phone,repayment_frequency,agree_terms,customer_signature"

    static func row(_ n: Int, email: String? = nil, signature: String? = nil) -> String {
        "LN-\(String(format: "%06d", n)),2026-11-18,Dan Brandt,\(1000 + n),36 months,6.9,Customer \(n),1988-03-14,\(email ?? "c\(n)@example.com"),+447700900123,monthly,yes,\(signature ?? "typed:Customer \(n)")"
    }

    @Test("fill: rows uploaded, a job id, progress, a zip of the PDFs and the report; bad rows reported, not fatal")
    func fill() async throws {
        let server = try TestServer()
        let agent = try server.token(server.agent)
        try await server.app.test(.router) { client in
            let rows = [Self.columns, Self.row(1), Self.row(2, email: "not-an-email"), Self.row(3, signature: "/etc/passwd.png")]
            let started = try await client.raw(
                .post, "/api/v1/batch-jobs?template=loan-application&format=csv&jobs=1", token: agent,
                body: Array(rows.joined(separator: "\n").utf8))
            #expect(started.status == .accepted)
            let id = try #require(try json(started.bytes)["id"] as? String)
            let job = try await finished(client, id, agent)
            #expect(job["state"] as? String == "finished" && job["rows"] as? Int == 3 && job["failed"] as? Int == 2, "\(job)")

            let report = try await client.raw(.get, "/api/v1/batch-jobs/\(id)/report.jsonl", token: agent)
            let lines = String(decoding: report.bytes, as: UTF8.self).split(separator: "\n").map { try? json(Array($0.utf8)) }
            #expect(lines.map { $0?["status"] as? String } == ["written", "failed", "failed"])
            #expect(reportFields(lines[1]) == ["email"] && reportFields(lines[2]) == ["customer_signature"], "\(lines)")

            let zip = try await client.raw(.get, "/api/v1/batch-jobs/\(id)/results.zip", token: agent)
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let listing = try Samples.zipListing(zip.bytes)
            #expect(listing == ["report.jsonl", "row-000001.pdf", "summary.json"], "\(listing)")

            let stream = try await client.execute(
                uri: "/api/v1/batch-jobs/\(id)/stream", method: .get, headers: [.authorization: "Bearer \(agent)"]
            ) {
                String(buffer: $0.body)
            }
            #expect(stream.contains("event: done"))
            let listed = try await client.call(.get, "/api/v1/batch-jobs", token: agent)
            #expect((listed.body["items"] as? [Any])?.count == 1)
            let other = try server.token(server.otherAgent)
            #expect(try await client.call(.get, "/api/v1/batch-jobs/\(id)", token: other).status == .notFound)
            #expect(try await client.raw(.get, "/api/v1/batch-jobs/\(id)/results.zip", token: other).status == .notFound)
        }
    }

    @Test("fill: bad requests are refused before a job starts")
    func badFill() async throws {
        let server = try TestServer()
        let agent = try server.token(server.agent)
        try await server.app.test(.router) { client in
            let rows = Array([Self.columns, Self.row(1)].joined(separator: "\n").utf8)
            let post = { (query: String, body: [UInt8]) in
                try await client.raw(.post, "/api/v1/batch-jobs?\(query)", token: agent, body: body)
            }
            #expect(try await post("format=csv", rows).status == .badRequest)
            #expect(try await post("template=nope&format=csv", rows).status == .notFound)
            #expect(try await post("template=loan-application", rows).status == .badRequest)
            #expect(try await post("template=loan-application&format=xlsx", rows).status == .badRequest)
            #expect(try await post("template=loan-application&format=csv", []).status == .badRequest)
            #expect(try await post("template=loan-application&format=csv&stage=later", rows).status == .badRequest)
            #expect(try await post("template=loan-application&format=csv&dryRun=maybe", rows).status == .badRequest)
            #expect(try await post("template=loan-application&format=csv&map=nocolon", rows).status == .badRequest)
            let unknown = try await post("template=loan-application&format=csv", Array("colour\nteal\n".utf8))
            #expect(unknown.status == .badRequest && String(decoding: unknown.bytes, as: UTF8.self).contains("colour"))
            #expect(!String(decoding: unknown.bytes, as: UTF8.self).contains(server.configuration.dataDirectory))
            #expect(
                try await client.raw(.post, "/api/v1/batch-jobs?template=loan-application&format=csv", body: rows).status == .unauthorized)
            // A dry run writes only the report.
            let dry = try await post("template=loan-application&format=csv&dryRun=true&jobs=1", rows)
            let id = try #require(try json(dry.bytes)["id"] as? String)
            _ = try await finished(client, id, agent)
            let zip = try await client.raw(.get, "/api/v1/batch-jobs/\(id)/results.zip", token: agent)
            #expect(try Samples.zipListing(zip.bytes) == ["report.jsonl", "summary.json"])
        }
    }

    @Test("bulk send: a dry run checks every row; then one pre-filled session per row, invited")
    func bulkSend() async throws {
        let server = try TestServer()
        let agent = try server.token(server.agent)
        try await server.app.test(.router) { client in
            let csv = """
                name,email,clinician,procedure
                Amara Okafor,amara@example.com,Dr Ada,Knee arthroscopy
                ,nobody@example.com,Dr Ada,Knee arthroscopy
                Lee Chen,lee@example.com,,Knee arthroscopy
                """
            let post = { (query: String) in
                try await client.raw(
                    .post, "/api/v1/bulk-sends?template=consent-form&format=csv&\(query)", token: agent, body: Array(csv.utf8))
            }
            #expect(try await post("channel=fax").status == .badRequest)
            #expect(try await post("nameColumn=customer").status == .badRequest)
            let dry = try await post("dryRun=true")
            #expect(dry.status == .accepted)
            let dryId = try #require(try json(dry.bytes)["id"] as? String)
            _ = try await finished(client, dryId, agent)
            let report = try await client.raw(.get, "/api/v1/batch-jobs/\(dryId)/report.jsonl", token: agent)
            let lines = String(decoding: report.bytes, as: UTF8.self).split(separator: "\n").map { try? json(Array($0.utf8)) }
            #expect(lines.map { $0?["status"] as? String } == ["valid", "failed", "failed"])
            #expect(reportFields(lines[1]) == ["name"] && reportFields(lines[2]) == ["clinician"], "\(lines)")
            #expect((try await client.call(.get, "/api/v1/sessions", token: agent).body["items"] as? [Any])?.isEmpty == true)

            let real = try await post("")
            let id = try #require(try json(real.bytes)["id"] as? String)
            let job = try await finished(client, id, agent)
            #expect(job["failed"] as? Int == 2)
            let sent = try await client.raw(.get, "/api/v1/batch-jobs/\(id)/report.jsonl", token: agent)
            let first = try json(Array(String(decoding: sent.bytes, as: UTF8.self).split(separator: "\n")[0].utf8))
            let session = try #require(first["session"] as? String)
            let shown = try await client.call(.get, "/api/v1/sessions/\(session)", token: agent)
            #expect(
                shown.body["state"] as? String == "invited"
                    && (shown.body["customer"] as? [String: Any])?["name"] as? String == "Amara Okafor")
            let bubbles = try await client.call(.get, "/api/v1/sessions/\(session)/interactions", token: agent)
            #expect((bubbles.body["items"] as? [[String: Any]])?.first?["status"] as? String == "sent")
        }
    }

    /// The fields a report line's problems name.
    private func reportFields(_ line: [String: Any]??) -> Set<String> {
        Set(((line ?? nil)?["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    /// Polls the job until it leaves queued/running (at most a minute).
    private func finished(_ client: some TestClientProtocol, _ id: String, _ token: String) async throws -> [String: Any] {
        for _ in 0..<600 {
            let job = try await client.call(.get, "/api/v1/batch-jobs/\(id)", token: token).body
            if let state = job["state"] as? String, state != "queued" && state != "running" { return job }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError.failed("job \(id) did not finish")
    }
}
