import Foundation
import NIOConcurrencyHelpers
import SignetModel
import SignetPDF
import Testing

@testable import SignetSessions

/// The service renders every preview of a document from its preview copy, made once by one
/// engine job; documents without oversized photos, or of which no copy can be made, are
/// previewed from the original as before.
@Suite("Previews from preview copies")
struct PreviewCopyServiceTests {
    /// The jobs a cache asked the (in-process) engine for.
    final class Jobs: Sendable {
        let list = NIOLockedValueBox<[EngineJob]>([])
        /// Poppler in one process is used from one thread at a time, as in a worker.
        let engine = NIOLock()
        var copies: Int { list.withLockedValue { $0.filter { if case .previewCopy = $0 { true } else { false } }.count } }
        var renderedFrom: [String] { list.withLockedValue { $0.compactMap { if case .render(let r) = $0 { r.path } else { nil } } } }
    }

    static func cache(_ jobs: Jobs) -> PreviewCache {
        let engine = EngineRunner { job, _ in
            jobs.list.withLockedValue { $0.append(job) }
            return jobs.engine.withLock { Engine.perform(job) }
        }
        return PreviewCache(
            directory: NSTemporaryDirectory() + "signet-previews-\(UUID().uuidString)", engine: engine, limits: .init(),
            budget: PreviewBudget(totalBytes: 1 << 30, documentBytes: 1 << 28))
    }

    static let photos = Samples.root + "/../shared/perf-corpus/photos9p.pdf"

    @Test("a photo document: every width of every page from the copy, made once, also for concurrent first previews")
    func photoDocument() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.photos))
        let jobs = Jobs()
        let cache = Self.cache(jobs)
        async let first = cache.png(of: Self.photos, key: "photos", page: 4, pageCount: 9, width: 640)
        async let second = cache.png(of: Self.photos, key: "photos", page: 5, pageCount: 9, width: 320)
        let pngs = try await [first, second, cache.png(of: Self.photos, key: "photos", page: 4, pageCount: 9, width: 1900)]
        #expect(pngs.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        let copy = cache.directory + "/photos/" + PreviewCopies.copyName
        #expect(FileManager.default.fileExists(atPath: copy))
        #expect(jobs.copies == 1)
        #expect(jobs.renderedFrom == [copy, copy, copy])
        // A cached preview costs no job at all.
        _ = try await cache.png(of: Self.photos, key: "photos", page: 4, pageCount: 9, width: 600)
        #expect(jobs.list.withLockedValue { $0.count } == 4)
    }

    @Test("a document without oversized photos is previewed from the original, decided once")
    func textDocument() async throws {
        let letter = Samples.root + "/SampleDocs/letter.pdf"
        let jobs = Jobs()
        let cache = Self.cache(jobs)
        _ = try await cache.png(of: letter, key: "letter", page: 1, pageCount: 1, width: 320)
        _ = try await cache.png(of: letter, key: "letter", page: 1, pageCount: 1, width: 960)
        #expect(jobs.copies == 1)
        #expect(jobs.renderedFrom == [letter, letter])
        #expect(FileManager.default.fileExists(atPath: cache.directory + "/letter/" + PreviewCopies.originalMarker))
        #expect(!FileManager.default.fileExists(atPath: cache.directory + "/letter/" + PreviewCopies.copyName))
    }

    @Test("a document the copy job refuses (it needed repair) is still previewed, from the original")
    func refusedDocument() async throws {
        // The letter with its startxref pointing nowhere: qpdf must rebuild the cross-reference
        // table, so an update appended to it could not be trusted; Poppler renders it all the same.
        var bytes = try Samples.bytes("SampleDocs/letter.pdf")
        let text = String(decoding: bytes, as: UTF8.self)
        let at = try #require(text.range(of: "startxref", options: .backwards))
        var offset = text.utf8.distance(from: text.startIndex, to: at.upperBound)
        while !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        bytes[offset] = bytes[offset] == UInt8(ascii: "9") ? UInt8(ascii: "1") : UInt8(ascii: "9")
        let damaged = NSTemporaryDirectory() + "signet-damaged-\(UUID().uuidString).pdf"
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let jobs = Jobs()
        let cache = Self.cache(jobs)
        let png = try await cache.png(of: damaged, key: "damaged", page: 1, pageCount: 1, width: 320)
        #expect(FileManager.default.fileExists(atPath: png))
        #expect(jobs.copies == 1 && jobs.renderedFrom == [damaged])
        #expect(FileManager.default.fileExists(atPath: cache.directory + "/damaged/" + PreviewCopies.originalMarker))
    }
}
