import Foundation
import SignetModel
import SignetPDF
import SignetSessions
import SignetStore
import Testing

/// The wiring `signet serve` and every test server share.
@Suite("Bootstrap")
struct BootstrapTests {
    @Test(
        "starting again over a data folder a killed server left: its batch jobs fail, its scratch and half-written files go, blobs stay",
        .sqliteOnly)
    func recovers() async throws {
        let first = try await TestServer(onDisk: true)
        let data = first.configuration.dataDirectory
        defer { try? FileManager.default.removeItem(atPath: data) }
        var job = BatchJobRecord(id: "job-1", userId: first.agent.id, kind: .fill, template: "t", dryRun: false, createdAt: Date())
        job.state = .running
        try await first.services.batchJobs.save(job)
        let blob = try first.services.blobs.put(Array("kept".utf8))
        let blobFolder = ((try #require(first.services.blobs.file(blob))) as NSString).deletingLastPathComponent
        let leftovers = [
            "\(data)/tmp/\(UUID().uuidString)/finished.pdf", "\(blobFolder)/.half-written.tmp", "\(data)/previews/doc/.1-320-x.png",
        ]
        for path in leftovers {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        }

        var bootstrap = Bootstrap(configuration: first.configuration, engine: EngineRunner { job, _ in Engine.perform(job) })
        bootstrap.bcryptCost = 4
        let again = try await bootstrap.start()
        let failed = try #require(try await again.batchJobs.find("job-1", for: first.agent))
        #expect(failed.state == .failed && failed.error?.contains("send it again") == true)
        #expect(leftovers.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/tmp").isEmpty)
        #expect(again.blobs.file(blob) != nil)
        // The same accounts: the database is the one the first server wrote.
        #expect(try await again.accounts.list().count == 3)
    }
}
