import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignetServer
@testable import SignetSessions
@testable import SignetStore

/// A customer (or an agent) must not be able to fill the disk or tie up the store: previews
/// come in a few widths under a size cap, uploads under a quota, live streams under a cap per
/// caller, and reading (streams, customer pages) writes nothing.
@Suite("Resource limits")
struct ResourceLimitTests {
    /// The previews kept under `root`: path → size.
    static func previews(_ root: String) -> [String: Int] {
        var found: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let name = enumerator?.nextObject() as? String {
            guard name.hasSuffix(".png"), !(name as NSString).lastPathComponent.hasPrefix(".") else { continue }
            found[name] = ((try? FileManager.default.attributesOfItem(atPath: "\(root)/\(name)"))?[.size] as? NSNumber)?.intValue
        }
        return found
    }

    /// The width in a PNG's header.
    static func pngWidth(_ bytes: [UInt8]) -> Int { bytes[16..<20].reduce(0) { $0 << 8 | Int($1) } }

    @Test("a customer asking for 100 widths of a page gets the bucket widths: at most 6 files")
    func previewBuckets() async throws {
        let server = try await TestServer()
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let letter = try await s.upload(client, "letter.pdf")
            let id = try await s.send(client, "documents", #"{"upload": "\#(letter)", "title": "Terms"}"#)
            let customer = try await s.customer(client)
            for n in 0..<100 {
                let width = 64 + n * 23
                let png = try await client.raw(.get, "/api/v1/customer/interactions/\(id)/pages/1?width=\(width)", headers: customer)
                #expect(png.status == .ok)
                #expect(Self.pngWidth(png.bytes) == PreviewCache.bucket(width), "width \(width)")
            }
            let kept = Self.previews(server.configuration.dataDirectory + "/previews")
            #expect(kept.count == PreviewCache.buckets.count, "\(kept.keys.sorted())")
            #expect(
                try await client.call(.get, "/api/v1/customer/interactions/\(id)/pages/1?width=2401", headers: customer).status
                    == .badRequest)
        }
    }

    /// Renders every bucket of page 1 of `sha` (a PDF staged in `s`), narrowest first,
    /// checking after each that the previews of `server` stay under `cap` (or are down to the
    /// one just made, which is always kept).
    static func renderAll(_ client: some TestClientProtocol, _ s: SessionFixture, _ sha: String, within cap: Int?, of folder: String)
        async throws
    {
        for width in PreviewCache.buckets {
            let png = try await client.raw(.get, "\(s.base)/uploads/\(sha)/pages/1?width=\(width)", token: s.agent)
            #expect(png.status == .ok)
            guard let cap else { continue }
            let kept = previews(folder)
            #expect(kept.values.reduce(0, +) <= cap || kept.count == 1, "\(kept)")
            #expect(kept.keys.contains { $0.hasSuffix("/1-\(width).png") }, "the newest preview stays")
        }
    }

    @Test("the previews folder and each document's previews stay under their caps, least recently used out first")
    func previewCaps() async throws {
        // The sizes of the six previews of the sample page, to set caps that must evict.
        let plain = try await TestServer()
        let sizes = try await plain.app.test(.router) { client in
            let s = try await SessionFixture.start(client, plain)
            try await Self.renderAll(client, s, try await s.upload(client, "letter.pdf"), within: nil, of: "")
            return Array(Self.previews(plain.configuration.dataDirectory + "/previews").values)
        }
        #expect(sizes.count == PreviewCache.buckets.count)
        let cap = sizes.max()! + (sizes.reduce(0, +) - sizes.max()!) / 2

        let total = try await TestServer { $0.maxPreviewBytes = cap }
        try await total.app.test(.router) { client in
            let s = try await SessionFixture.start(client, total)
            let folder = total.configuration.dataDirectory + "/previews"
            try await Self.renderAll(client, s, try await s.upload(client, "letter.pdf"), within: cap, of: folder)
            #expect(Self.previews(folder).count < sizes.count)
            // An evicted preview is simply rendered again.
            #expect(
                try await client.raw(
                    .get, "\(s.base)/uploads/\(try await s.upload(client, "letter.pdf"))/pages/1?width=320", token: s.agent
                ).status == .ok)
        }

        let perDocument = try await TestServer { $0.maxDocumentPreviewBytes = cap }
        try await perDocument.app.test(.router) { client in
            let s = try await SessionFixture.start(client, perDocument)
            let folder = perDocument.configuration.dataDirectory + "/previews"
            try await Self.renderAll(client, s, try await s.upload(client, "letter.pdf"), within: cap, of: folder)
            #expect(Self.previews(folder).count < sizes.count)
        }
    }

    @Test("scratch folders a day old are removed when the server starts; fresh ones stay")
    func scratchLeftovers() async throws {
        let server = try await TestServer()
        let tmp = server.configuration.dataDirectory + "/tmp"
        for name in ["old", "fresh"] {
            try FileManager.default.createDirectory(atPath: "\(tmp)/\(name)", withIntermediateDirectories: true)
        }
        try Data("left behind".utf8).write(to: URL(fileURLWithPath: "\(tmp)/old/part.pdf"))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-25 * 3600)], ofItemAtPath: "\(tmp)/old")
        try await server.app.test(.live) { client in
            #expect(try await client.call(.get, "/health").status == .ok)
            let deadline = Date().addingTimeInterval(5)
            while FileManager.default.fileExists(atPath: "\(tmp)/old") && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!FileManager.default.fileExists(atPath: "\(tmp)/old"))
            #expect(FileManager.default.fileExists(atPath: "\(tmp)/fresh"))
        }
    }

    @Test("uploads past a request's quota are refused (413 naming it) and nothing is stored; replacing frees a share")
    func uploadQuota() async throws {
        let png = try Samples.bytes("SampleDocs/signature.png")
        let jpeg = try Samples.jpeg()
        let server = try await TestServer { $0.uploadQuota = UploadQuota(files: 2, bytes: png.count + jpeg.count + 100) }
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            let id = try await s.send(client, "document-requests", #"{"documents": [{"type": "passport"}]}"#)
            let customer = try await s.customer(client)
            let up = { (query: String, bytes: [UInt8]) in
                try await client.raw(
                    .post, "/api/v1/customer/interactions/\(id)/uploads?type=passport\(query)", body: bytes, headers: customer)
            }
            let blobs = { Self.files(server.configuration.dataDirectory + "/blobs") }
            let first = try await up("", png)
            #expect(first.status == .created)
            let firstId = try #require(try json(first.bytes)["id"] as? String)
            // Past the bytes, with a file not stored yet, so a stored blob would show.
            var before = blobs()
            let tooBig = try await up("", jpeg + [UInt8](repeating: 0, count: png.count))
            #expect(tooBig.status == .contentTooLarge)
            #expect((try json(tooBig.bytes)["type"] as? String)?.hasSuffix("upload-quota") == true)
            #expect(blobs() == before)
            #expect(try await up("", jpeg).status == .created)
            // Past the count.
            before = blobs()
            let third = try await up("", try Samples.bytes("SampleDocs/letter.pdf"))
            #expect(third.status == .contentTooLarge)
            #expect((try json(third.bytes)["detail"] as? String)?.contains("at most 2 files") == true)
            #expect(blobs() == before)
            // Replacing one fits; the replaced file is gone from the request, and cannot be replaced twice.
            #expect(try await up("&replace=\(firstId)", png).status == .created)
            #expect(try await up("&replace=\(firstId)", png).status == .badRequest)
            let seen = try await client.call(.get, "\(s.base)/interactions/\(id)", token: s.agent)
            let uploads = (seen.body["request"] as? [String: Any])?["uploads"] as? [[String: Any]] ?? []
            #expect(uploads.count == 2 && !uploads.contains { $0["id"] as? String == firstId })
        }
    }

    @Test("an agent's staged PDFs are bounded per session")
    func stagedQuota() async throws {
        let server = try await TestServer { $0.stagedUploadQuota = UploadQuota(files: 1, bytes: 1 << 30) }
        try await server.app.test(.router) { client in
            let s = try await SessionFixture.start(client, server)
            _ = try await s.upload(client, "letter.pdf")
            let refused = try await client.raw(
                .post, "\(s.base)/uploads?name=form.pdf", token: s.agent, body: try Samples.bytes("SampleDocs/form.pdf"))
            #expect(refused.status == .contentTooLarge)
            #expect((try json(refused.bytes)["detail"] as? String)?.contains("at most 1 files") == true)
            // Another session has its own quota.
            let other = try await SessionFixture.start(client, server, name: "Kofi Mensah")
            _ = try await other.upload(client, "form.pdf")
        }
    }

    static func files(_ root: String) -> Set<String> {
        Set((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
    }

    /// Waits until `text` has arrived on `stream`. Generous: the machine may be busy with the
    /// rest of the suite; arriving ends the wait.
    static func arrived(_ stream: StreamReader, _ text: String, within timeout: Double = 15) async -> Bool {
        await stream.wait(for: text, timeout: timeout)
    }

    /// Reads the status line of a stream's answer, once its head has arrived.
    static func status(_ stream: StreamReader) async -> Int? {
        guard await arrived(stream, "\r\n\r\n") else { return nil }
        return Int(stream.received.dropFirst("HTTP/1.1 ".count).prefix(3))
    }

    @Test("live streams are capped per caller (429 beyond) and a closed one frees its place")
    func streamCap() async throws {
        let server = try await TestServer {
            $0.streamsPerCustomer = 2
            $0.streamsPerUser = 2
            $0.streamKeepAlive = 0.2
        }
        try await server.app.test(.live) { client in
            let s = try await SessionFixture.start(client, server)
            let customer = try await s.customer(client)
            let port = try #require(client.port)
            let cookie = ["Cookie": customer[.cookie] ?? ""]
            var open: [StreamReader] = []
            for _ in 0..<2 {
                let stream = try StreamReader(port: port, path: "/api/v1/customer/stream", headers: cookie)
                #expect(await Self.status(stream) == 200)
                open.append(stream)
            }
            // Read over a socket too: without a cap the answer would be a stream that never ends.
            let refused = try StreamReader(port: port, path: "/api/v1/customer/stream", headers: cookie)
            #expect(await Self.status(refused) == 429)
            #expect(await Self.arrived(refused, "at most 2 streams"))
            // The agent has places of their own, and a cap of their own.
            let bearer = ["Authorization": "Bearer \(s.agent)"]
            var agentStreams: [StreamReader] = []
            for _ in 0..<2 {
                let stream = try StreamReader(port: port, path: "\(s.base)/stream", headers: bearer)
                #expect(await Self.status(stream) == 200, "\(stream.received)")
                agentStreams.append(stream)
            }
            let third = try StreamReader(port: port, path: "\(s.base)/stream", headers: bearer)
            #expect(await Self.status(third) == 429)

            // The client goes away; the next keep-alive notices and the place is free again.
            open.removeFirst()
            var status: Int?
            let deadline = Date().addingTimeInterval(5)
            repeat {
                try await Task.sleep(for: .milliseconds(200))
                let again = try StreamReader(port: port, path: "/api/v1/customer/stream", headers: cookie)
                status = await Self.status(again)
                if status == 200 { open.append(again) }
            } while status != 200 && Date() < deadline
            #expect(status == 200)
            withExtendedLifetime(agentStreams) {}
        }
    }

    /// Counts committed write transactions (GRDB tells observers of every one, empty ones
    /// included; read-only accesses are not transactions it reports).
    final class WriteCounter: TransactionObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var commits: Int { lock.withLock { count } }
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { lock.withLock { count += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    @Test("a customer's stream held open and their page's reads cause no write; visits are written later, coalesced", .sqliteOnly)
    func readsNeverWrite() async throws {
        // A short keep-alive, so the server notices the stream's end at once when the test ends;
        // visits are flushed by hand below, not by the presence service every two seconds.
        let server = try await TestServer {
            $0.streamKeepAlive = 0.5
            $0.presenceInterval = 3600
        }
        try await server.app.test(.live) { client in
            let s = try await SessionFixture.start(client, server)
            _ = try await s.send(client, "document-requests", #"{"documents": [{"type": "passport"}]}"#)
            let customer = try await s.customer(client)
            let port = try #require(client.port)
            let counter = WriteCounter()
            server.services.store!.writer.add(transactionObserver: counter)

            let stream = try StreamReader(port: port, path: "/api/v1/customer/stream", headers: ["Cookie": customer[.cookie] ?? ""])
            #expect(await Self.arrived(stream, "interactionAdded"), "\(stream.received)")
            for _ in 0..<5 {
                #expect(try await client.call(.get, "/api/v1/customer/session", headers: customer).status == .ok)
                #expect(try await client.call(.get, "/api/v1/customer/interactions", headers: customer).status == .ok)
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(counter.commits == 0)
            // Held open (and counted) until here.
            withExtendedLifetime(stream) {}

            // The visits are noted and written in one transaction by housekeeping.
            let before = try #require(try await server.services.sessions.session(id: s.id)?.lastSeenAt)
            try await server.services.presence.flush(to: server.services.customers)
            #expect(counter.commits == 1)
            #expect(try #require(try await server.services.sessions.session(id: s.id)?.lastSeenAt) > before)
            try await server.services.presence.flush(to: server.services.customers)
            #expect(counter.commits == 1)
        }
    }
}
