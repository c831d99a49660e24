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
        var copies: Int {
            list.withLockedValue { jobs in
                jobs.filter { job -> Bool in
                    guard case .previewCopy = job else { return false }
                    return true
                }.count
            }
        }
        var renderedFrom: [String] {
            list.withLockedValue { jobs in
                jobs.compactMap { job -> String? in
                    guard case .render(let request) = job else { return nil }
                    return request.path
                }
            }
        }
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
        // A one-page PDF whose startxref points 7 bytes past its cross-reference table: qpdf
        // must rebuild the table, so an update appended to it could not be trusted; Poppler
        // renders it all the same.
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length 37 >>\nstream\nBT /F1 24 Tf 72 700 Td (Hello) Tj ET\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var text = "%PDF-1.7\n"
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 6\n0000000000 65535 f \n" + offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        text += "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n\(xref + 7)\n%%EOF\n"
        let damaged = NSTemporaryDirectory() + "signet-damaged-\(UUID().uuidString).pdf"
        try text.write(toFile: damaged, atomically: true, encoding: .utf8)
        let jobs = Jobs()
        let cache = Self.cache(jobs)
        let png = try await cache.png(of: damaged, key: "damaged", page: 1, pageCount: 1, width: 320)
        #expect(FileManager.default.fileExists(atPath: png))
        #expect(jobs.copies == 1 && jobs.renderedFrom == [damaged])
        #expect(FileManager.default.fileExists(atPath: cache.directory + "/damaged/" + PreviewCopies.originalMarker))
    }
}
