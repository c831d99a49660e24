import Foundation
import SignetModel

@testable import SignetPDF

/// Where test inputs live, and a scratch directory per test.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static func sample(_ name: String) -> String { root.appendingPathComponent("SampleDocs/\(name)").path }
    static let perfCorpus = root.deletingLastPathComponent().appendingPathComponent("shared/perf-corpus").path
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    static var hasPerfCorpus: Bool { FileManager.default.fileExists(atPath: perfCorpus + "/form1p.pdf") }
    static var hasCorpus: Bool { FileManager.default.fileExists(atPath: corpus + "/README.md") }

    static func scratch() -> String {
        let dir = NSTemporaryDirectory() + "signet-test-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the engine in-process (the tests are the isolation here) and unwraps the outcome.
    static func inspect(_ path: String, words: Bool = false, password: String? = nil, limits: EngineLimits = .init()) throws
        -> DocumentReport
    {
        switch Engine.perform(.inspect(InspectRequest(path: path, password: password, includeWords: words, limits: limits))) {
        case .inspected(let r): return r
        case .failed(let e): throw e
        default: throw SignetError(.internal, "unexpected outcome")
        }
    }

    static func stamp(
        _ path: String, fields: [StampField], values: [String: StampValue], mode: MergeMode = .auto, output: String? = nil,
        password: String? = nil, limits: EngineLimits = .init()
    ) throws -> StampReport {
        let out = output ?? scratch() + "/out.pdf"
        let request = StampRequest(path: path, password: password, fields: fields, values: values, output: out, mode: mode, limits: limits)
        switch Engine.perform(.stamp(request)) {
        case .stamped(let r): return r
        case .failed(let e): throw e
        default: throw SignetError(.internal, "unexpected outcome")
        }
    }

    static func failure(of job: EngineJob) -> SignetError? {
        if case .failed(let e) = Engine.perform(job) { return e }
        return nil
    }
}

/// Command-line tools from poppler-utils and qpdf, used as independent judges of our output.
enum Tool {
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `qpdf --check` exit status: 0 clean, 3 warnings only, 2 errors.
    static func qpdfCheck(_ path: String) throws -> Int32 { try run("qpdf", ["--check", path]).status }

    /// Whitespace-separated words of `pdftotext`, counted. Raw (content-stream) order keeps a
    /// stamped word apart from neighbouring original text; reading order is needed for
    /// right-to-left text, which Cairo writes one positioned glyph at a time.
    static func textWords(_ path: String, readingOrder: Bool = false) throws -> [String: Int] {
        // pdftotext wraps right-to-left runs in bidi controls (U+202B ... U+202C); drop them.
        let raw = try run("pdftotext", (readingOrder ? [] : ["-raw"]) + ["-enc", "UTF-8", path, "-"]).output
        let text = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.properties.generalCategory != .format }))
        return text.split(whereSeparator: { $0.isWhitespace }).reduce(into: [:]) { $0[String($1), default: 0] += 1 }
    }
}

/// Pixel comparison of two documents' pages at 72 dpi, ignoring given rectangles.
enum PixelDiff {
    /// Pixels that differ outside `masks` (contract rectangles, widened by `margin` points).
    static func differingPixels(_ a: String, _ b: String, page: Int, masks: [Rect], margin: Double = 1.5) throws -> Int {
        let left = try PopplerDocumentHandle(bytes: FileBytes(path: a, limits: .init()), password: nil, file: a)
        let right = try PopplerDocumentHandle(bytes: FileBytes(path: b, limits: .init()), password: nil, file: b)
        let pa = try left.page(page)
        let pb = try right.page(page)
        let ra = try Raster(page: pa, dpi: 72, size: pa.displayedSize)
        let rb = try Raster(page: pb, dpi: 72, size: pb.displayedSize)
        guard ra.width == rb.width, ra.height == rb.height else { return Int.max }
        let widened = masks.map { Rect(x: $0.x - margin, y: $0.y - margin, width: $0.width + 2 * margin, height: $0.height + 2 * margin) }
        var count = 0
        for y in 0..<ra.height {
            for x in 0..<ra.width where ra.pixel(x: x, y: y) != rb.pixel(x: x, y: y) {
                let p = Rect(x: Double(x), y: Double(y), width: 1, height: 1)
                if !widened.contains(where: { $0.intersects(p) }) { count += 1 }
            }
        }
        return count
    }

    /// The pixels of `rect` on `page` at 72 dpi, row by row.
    static func pixels(_ path: String, page: Int, in rect: Rect) throws -> [UInt32] {
        let doc = try PopplerDocumentHandle(bytes: FileBytes(path: path, limits: .init()), password: nil, file: path)
        let p = try doc.page(page)
        let r = try Raster(page: p, dpi: 72, size: p.displayedSize)
        return (Int(rect.y)..<Int(rect.maxY)).flatMap { y in (Int(rect.x)..<Int(rect.maxX)).map { r.pixel(x: $0, y: y) } }
    }

    /// Share of non-white pixels inside `rect` on `page`, and the centre of their mass.
    static func ink(_ path: String, page: Int, in rect: Rect, dpi: Double = 72) throws -> (share: Double, centreX: Double) {
        let doc = try PopplerDocumentHandle(bytes: FileBytes(path: path, limits: .init()), password: nil, file: path)
        let p = try doc.page(page)
        let r = try Raster(page: p, dpi: dpi, size: p.displayedSize)
        let s = dpi / 72
        var inked = 0
        var total = 0
        var sumX = 0.0
        for y in Int(rect.y * s)..<min(Int(rect.maxY * s), r.height) {
            for x in Int(rect.x * s)..<min(Int(rect.maxX * s), r.width) {
                total += 1
                if r.pixel(x: x, y: y) != 0xFFFFFF {
                    inked += 1
                    sumX += Double(x) / s
                }
            }
        }
        return (Double(inked) / Double(max(total, 1)), inked == 0 ? 0 : sumX / Double(inked))
    }
}
