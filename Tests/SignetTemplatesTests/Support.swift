import Foundation
import SignetModel
import SignetPDF
import SignetTemplates

/// Test inputs, scratch folders, and the engine run in-process (the tests are the isolation).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func sample(_ name: String) -> String { root.appendingPathComponent("SampleDocs/\(name)").path }
    static func template(_ slug: String) -> String { root.appendingPathComponent("Templates/\(slug)").path }
    static let perfCorpus = root.deletingLastPathComponent().appendingPathComponent("shared/perf-corpus").path
    static var hasPerfCorpus: Bool { FileManager.default.fileExists(atPath: perfCorpus + "/form1p.pdf") }

    static let engine = EngineRunner { job, _ in Engine.perform(job) }
    static let maker = TemplateMaker(engine: engine)
    static let checker = TemplateChecker(engine: engine)
    static let filler = TemplateFiller(engine: engine, images: .filesAllowed)

    static func scratch() -> String {
        let dir = NSTemporaryDirectory() + "signet-templates-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func inspect(_ path: String, words: Bool = true) throws -> DocumentReport {
        switch Engine.perform(.inspect(InspectRequest(path: path, includeWords: words))) {
        case .inspected(let r): return r
        case .failed(let e): throw e
        default: throw SignetError(.internal, "unexpected outcome")
        }
    }

    /// The text tags the engine finds in `path` (their boxes in the original).
    static func engineTags(_ path: String) throws -> [FoundTextTag] {
        switch Engine.perform(.textTags(TextTagRequest(path: path, output: scratch() + "/untagged.pdf"))) {
        case .tagsRemoved(let r): return r.tags
        case .failed(let e): throw e
        default: throw SignetError(.internal, "unexpected outcome")
        }
    }

    /// Writes `definition` with the PDF at `document` as a template and checks it.
    static func template(_ definition: TemplateDefinition, document: String, slug: String = "t") async throws -> CheckedTemplate {
        try await checker.check(TemplateFolder.write(definition, document: document, to: scratch() + "/" + slug))
    }
}

/// Command-line tools from poppler-utils, as independent judges.
enum Tool {
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The text a reader copies from `path` (pdftotext).
    static func text(_ path: String) throws -> String { try run("pdftotext", ["-enc", "UTF-8", path, "-"]) }

    /// Page `page` of `path` rendered by pdftoppm at 72 dpi in grey: one byte per point.
    static func gray(_ path: String, page: Int) throws -> GrayImage {
        let out = Fixtures.scratch() + "/page"
        _ = try run("pdftoppm", ["-r", "72", "-gray", "-f", "\(page)", "-l", "\(page)", "-singlefile", path, out])
        return try GrayImage(pgm: out + ".pgm")
    }
}

/// A binary PGM (P5) image.
struct GrayImage {
    var width = 0
    var height = 0
    var pixels: [UInt8] = []

    init(pgm path: String) throws {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var fields: [Int] = []
        var i = 2
        while fields.count < 3 {
            while data[i] == 0x20 || data[i] == 0x0A || data[i] == 0x0D || data[i] == 0x09 { i += 1 }
            var n = 0
            while data[i] >= 0x30 && data[i] <= 0x39 {
                n = n * 10 + Int(data[i] - 0x30)
                i += 1
            }
            fields.append(n)
        }
        width = fields[0]
        height = fields[1]
        pixels = Array(data[(i + 1)...])
    }

    func pixel(_ x: Int, _ y: Int) -> UInt8 { pixels[y * width + x] }

    /// Dark pixels (below 200) inside `rect` (points = pixels at 72 dpi).
    func ink(in rect: Rect) -> Int {
        var n = 0
        for y in max(Int(rect.y), 0)..<min(Int(rect.maxY.rounded(.up)), height) {
            for x in max(Int(rect.x), 0)..<min(Int(rect.maxX.rounded(.up)), width) where pixel(x, y) < 200 { n += 1 }
        }
        return n
    }
}
