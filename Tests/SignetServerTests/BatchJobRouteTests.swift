import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SignetFiles
import Testing

@testable import SignetServer
@testable import SignetSessions
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

    /// A server over a scratch copy of the shipped templates, since these tests mark one for
    /// pipeline use.
    static func server() async throws -> TestServer {
        let templates = NSTemporaryDirectory() + "signet-templates-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Samples.root + "/Templates", toPath: templates)
        return try await TestServer { $0.templatesDirectory = templates }
    }

    /// Marks `slug` for pipeline use as an admin does: its definition sent back through the
    /// template route with `pipeline: true`.
    static func markForPipelines(_ slug: String, _ client: some TestClientProtocol, _ server: TestServer) async throws {
        let file = URL(fileURLWithPath: server.configuration.templatesDirectory + "/\(slug)/template.json")
        guard var definition = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] else {
            throw FixtureError.failed("\(slug) has no definition")
        }
        definition["pipeline"] = true
        let body = String(decoding: try JSONSerialization.data(withJSONObject: definition), as: UTF8.self)
        let saved = try await client.call(.put, "/api/v1/templates/\(slug)", token: try await server.token(server.admin), json: body)
        guard saved.status == .ok, saved.body["pipeline"] as? Bool == true else { throw FixtureError.failed("pipeline: \(saved.body)") }
    }

    @Test("fill: rows uploaded, a job id, progress, a zip of the PDFs and the report; bad rows reported, not fatal")
    func fill() async throws {
        let server = try await Self.server()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            try await Self.markForPipelines("loan-application", client, server)
            let rows = [Self.columns, Self.row(1), Self.row(2, email: "not-an-email"), Self.row(3, signature: "/etc/passwd.png")]
            let started = try await client.raw(
                .post, "/api/v1/batch-jobs?template=loan-application&format=csv&jobs=1", token: agent,
                body: Array(rows.joined(separator: "\n").utf8))
            #expect(started.status == .accepted)
            let id = try #require(try json(started.bytes)["id"] as? String)
            let job = try await Self.finished(client, id, agent)
            #expect(job["state"] as? String == "finished" && job["rows"] as? Int == 3 && job["failed"] as? Int == 2, "\(job)")
            // The rows file goes when the job ends; what the report needs is in the report.
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: server.configuration.dataDirectory + "/jobs/\(id)").sorted() == [
                    "out", "results.zip",
                ])

            let report = try await client.raw(.get, "/api/v1/batch-jobs/\(id)/report.jsonl", token: agent)
            let lines = String(decoding: report.bytes, as: UTF8.self).split(separator: "\n").map { try? json(Array($0.utf8)) }
            #expect(lines.map { $0?["status"] as? String } == ["written", "failed", "failed"])
            #expect(Self.reportFields(lines[1]) == ["email"] && Self.reportFields(lines[2]) == ["customer_signature"], "\(lines)")

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
            let other = try await server.token(server.otherAgent)
            #expect(try await client.call(.get, "/api/v1/batch-jobs/\(id)", token: other).status == .notFound)
            #expect(try await client.raw(.get, "/api/v1/batch-jobs/\(id)/results.zip", token: other).status == .notFound)
        }
    }

    @Test("fill: bad requests are refused before a job starts, leaving no files")
    func badFill() async throws {
        let server = try await Self.server()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            try await Self.markForPipelines("loan-application", client, server)
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
            let jobs = server.configuration.dataDirectory + "/jobs"
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: jobs)) ?? []).isEmpty)
            // A dry run writes only the report.
            let dry = try await post("template=loan-application&format=csv&dryRun=true&jobs=1", rows)
            let id = try #require(try json(dry.bytes)["id"] as? String)
            _ = try await Self.finished(client, id, agent)
            let zip = try await client.raw(.get, "/api/v1/batch-jobs/\(id)/results.zip", token: agent)
            #expect(try Samples.zipListing(zip.bytes) == ["report.jsonl", "summary.json"])
        }
    }

    @Test("bulk send: a dry run checks every row; then one pre-filled session per row, invited")
    func bulkSend() async throws {
        let server = try await TestServer()
        let agent = try await server.token(server.agent)
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
            _ = try await Self.finished(client, dryId, agent)
            let report = try await client.raw(.get, "/api/v1/batch-jobs/\(dryId)/report.jsonl", token: agent)
            let lines = String(decoding: report.bytes, as: UTF8.self).split(separator: "\n").map { try? json(Array($0.utf8)) }
            #expect(lines.map { $0?["status"] as? String } == ["valid", "failed", "failed"])
            #expect(Self.reportFields(lines[1]) == ["name"] && Self.reportFields(lines[2]) == ["clinician"], "\(lines)")
            #expect((try await client.call(.get, "/api/v1/sessions", token: agent).body["items"] as? [Any])?.isEmpty == true)

            let real = try await post("")
            let id = try #require(try json(real.bytes)["id"] as? String)
            let job = try await Self.finished(client, id, agent)
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

    @Test("fill at stage finish: refused unless an admin marked the template for pipelines; then recorded, who, version and hashes")
    func pipeline() async throws {
        let server = try await Self.server()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let rows = Array([Self.columns, Self.row(1)].joined(separator: "\n").utf8)
            for query in ["", "&stage=finish", "&stage=finish&dryRun=true"] {
                let refused = try await client.raw(
                    .post, "/api/v1/batch-jobs?template=loan-application&format=csv\(query)", token: agent, body: rows)
                #expect(refused.status == .forbidden, "\(query)")
                #expect((try json(refused.bytes)["type"] as? String)?.hasSuffix("/template-not-for-pipelines") == true)
            }
            // The agent's own fields are still filled in bulk; a customer column is refused per row.
            let agentRows =
                "loan_reference,offer_date,agent_name,loan_amount,term,interest_rate\nLN-000001,2026-11-18,Dan,1001,36 months,6.9\n"
            let send = try await client.raw(
                .post, "/api/v1/batch-jobs?template=loan-application&format=csv&stage=send&jobs=1", token: agent,
                body: Array(agentRows.utf8))
            let sendLines = try await Self.reportLines(client, try #require(try json(send.bytes)["id"] as? String), agent)
            #expect(sendLines.map { $0["status"] as? String } == ["written"])
            let sneaky = try await client.raw(
                .post, "/api/v1/batch-jobs?template=loan-application&format=csv&stage=send&jobs=1", token: agent, body: rows)
            let sneakyLines = try await Self.reportLines(client, try #require(try json(sneaky.bytes)["id"] as? String), agent)
            #expect(
                sneakyLines.first?["status"] as? String == "failed" && Self.reportFields(sneakyLines.first).contains("customer_signature"))

            try await Self.markForPipelines("loan-application", client, server)
            let started = try await client.raw(
                .post, "/api/v1/batch-jobs?template=loan-application&format=csv&jobs=1", token: agent, body: rows)
            #expect(started.status == .accepted)
            let id = try #require(try json(started.bytes)["id"] as? String)
            let lines = try await Self.reportLines(client, id, agent)
            let job = try await client.call(.get, "/api/v1/batch-jobs/\(id)", token: agent).body
            #expect(job["stage"] as? String == "finish" && job["templateVersion"] as? Int == 2, "\(job)")
            #expect((job["templateHash"] as? String)?.hasPrefix("sha256:") == true)
            let record = try #require(try await server.services.batchJobs.find(id, for: server.agent))
            #expect(record.userId == server.agent.id)
            let outputs = try await server.services.batchJobs.outputs(of: id)
            #expect(outputs.map(\.sha256) == [try #require(lines.first?["sha256"] as? String)] && outputs.first?.file == "row-000001.pdf")
            // A finished row is sealed (and its recorded hash is the sealed file's); a row that is
            // only prepared for sending is not.
            let jobs = server.configuration.dataDirectory + "/jobs"
            let finished = jobs + "/\(id)/out/row-000001.pdf"
            #expect(FileDigest.sha256(try Data(contentsOf: URL(fileURLWithPath: finished))) == outputs.first?.sha256)
            let verdict = try Samples.run("pdfsig", ["-nocert", finished])
            #expect(
                verdict.contains("- Signature Validation: Signature is Valid.") && verdict.contains("- Total document signed"),
                "\(verdict)")
            let prepared = jobs + "/\(try #require(try json(send.bytes)["id"] as? String))/out/row-000001.pdf"
            let preparedBytes = try Data(contentsOf: URL(fileURLWithPath: prepared))
            #expect(preparedBytes.range(of: Data("/ETSI.CAdES.detached".utf8)) == nil)
        }
    }

    @Test("files: a job's folder is removed by the sweep once its retention has passed; its record stays")
    func sweep() async throws {
        let server = try await Self.server()
        let agent = try await server.token(server.agent)
        try await server.app.test(.router) { client in
            let rows = "loan_reference,offer_date,agent_name,loan_amount,term,interest_rate\nLN-000001,2026-11-18,Dan,1001,36 months,6.9\n"
            let started = try await client.raw(
                .post, "/api/v1/batch-jobs?template=loan-application&format=csv&stage=send&jobs=1", token: agent, body: Array(rows.utf8))
            let id = try #require(try json(started.bytes)["id"] as? String)
            _ = try await Self.finished(client, id, agent)
            let root = server.configuration.dataDirectory + "/jobs"
            let runner = BatchJobRunner(jobs: server.services.batchJobs, root: root, logger: Logger(label: "test"))
            #expect(try await runner.sweep(retention: 3600) == 0)
            #expect(FileManager.default.fileExists(atPath: root + "/\(id)"))
            #expect(try await runner.sweep(retention: 3600, now: Date().addingTimeInterval(3601)) == 1)
            #expect(!FileManager.default.fileExists(atPath: root + "/\(id)"))
            #expect(try await client.call(.get, "/api/v1/batch-jobs/\(id)", token: agent).body["state"] as? String == "finished")
            #expect(try await client.raw(.get, "/api/v1/batch-jobs/\(id)/results.zip", token: agent).status == .notFound)
        }
    }

    /// The fields a report line's problems name.
    static func reportFields(_ line: [String: Any]??) -> Set<String> {
        Set(((line ?? nil)?["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    /// The lines of a job's report, once it has ended.
    static func reportLines(_ client: some TestClientProtocol, _ id: String, _ token: String) async throws -> [[String: Any]] {
        _ = try await finished(client, id, token)
        let report = try await client.raw(.get, "/api/v1/batch-jobs/\(id)/report.jsonl", token: token)
        return try String(decoding: report.bytes, as: UTF8.self).split(separator: "\n").map { try json(Array($0.utf8)) }
    }

    /// Polls the job until it leaves queued/running (at most a minute).
    static func finished(_ client: some TestClientProtocol, _ id: String, _ token: String) async throws -> [String: Any] {
        for _ in 0..<600 {
            let job = try await client.call(.get, "/api/v1/batch-jobs/\(id)", token: token).body
            if let state = job["state"] as? String, state != "queued" && state != "running" { return job }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError.failed("job \(id) did not finish")
    }
}
