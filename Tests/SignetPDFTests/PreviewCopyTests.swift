import Foundation
import SignetModel
import Testing

@testable import SignetPDF

/// Preview copies: oversized photos downscaled in an incremental update, the page rendered from
/// the copy within 2% of the original, and images that cannot be decoded left as they are.
@Suite("Preview copies")
struct PreviewCopyTests {
    static func copy(_ path: String, maxWidth: Int = 2400) throws -> PreviewCopyReport {
        let request = PreviewCopyRequest(path: path, output: Fixtures.scratch() + "/preview.pdf", maxWidth: maxWidth)
        switch Engine.perform(.previewCopy(request)) {
        case .previewCopied(let report): return report
        case .failed(let error): throw error
        default: throw SignetError(.internal, "unexpected outcome")
        }
    }

    /// Mean absolute difference of every colour channel of `page` of two files rendered at
    /// `dpi`, as a share of full scale.
    static func meanDifference(_ a: String, _ b: String, page: Int, dpi: Double = 150) throws -> Double {
        let left = try PopplerDocumentHandle(bytes: FileBytes(path: a, limits: .init()), password: nil, file: a).page(page)
        let right = try PopplerDocumentHandle(bytes: FileBytes(path: b, limits: .init()), password: nil, file: b).page(page)
        let ra = try Raster(page: left, dpi: dpi, size: left.displayedSize)
        let rb = try Raster(page: right, dpi: dpi, size: right.displayedSize)
        guard ra.width == rb.width, ra.height == rb.height else { return 1 }
        var total = 0
        for y in 0..<ra.height {
            for x in 0..<ra.width {
                let p = ra.pixel(x: x, y: y)
                let q = rb.pixel(x: x, y: y)
                for shift: UInt32 in [0, 8, 16] {
                    total += abs(Int((p >> shift) & 0xFF) - Int((q >> shift) & 0xFF))
                }
            }
        }
        return Double(total) / Double(ra.width * ra.height * 3) / 255
    }

    /// The raw (still encoded) data of object `id`, as qpdf reads it.
    static func rawStream(_ id: Int, of path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/qpdf")
        process.arguments = ["--show-object=\(id)", "--raw-stream-data", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test("a photo page: its JPEGs downscaled, the copy an incremental update rendering within 2% of the original")
    func photoPage() throws {
        try #require(Fixtures.hasPerfCorpus)
        let original = Fixtures.perfCorpus + "/photos9p.pdf"
        let report = try Self.copy(original)
        let copy = try #require(report.output)
        // 12 photos, and the 12 small logos (with their soft masks) stored at 1,317 dpi.
        #expect(report.replaced == 36 && report.bytesAfter < report.bytesBefore / 3, "\(report)")
        #expect(try Tool.qpdfCheck(copy) == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: original))
        let after = try Data(contentsOf: URL(fileURLWithPath: copy))
        #expect(after.prefix(before.count) == before, "the original's bytes are kept")
        #expect(try Self.rawStream(163, of: copy).count < Self.rawStream(163, of: original).count / 3)
        // Page 4 draws two 2272 x 1704 photos a few centimetres wide.
        let difference = try Self.meanDifference(original, copy, page: 4)
        #expect(difference < 0.02, "mean difference \(difference)")
    }

    @Test("no copy of a file without oversized photos: text, and a scan already at preview resolution")
    func nothingToDo() throws {
        let letter = try Self.copy(Fixtures.sample("letter.pdf"))
        #expect(letter.output == nil && letter.replaced == 0)
        try #require(Fixtures.hasPerfCorpus)
        let scan = try Self.copy(Fixtures.perfCorpus + "/scan10p.pdf")
        #expect(scan.output == nil && scan.images == 10 && scan.replaced == 0)
    }

    /// A one-page PDF drawing object 5 (a real 2272 x 1704 photo) and object 6 (`bad`, declared
    /// `width` x `height` JPEG) each a few centimetres wide.
    static func twoImages(bad: [UInt8], width: Int, height: Int) throws -> String {
        try #require(Fixtures.hasPerfCorpus)
        let photo = [UInt8](try rawStream(163, of: Fixtures.perfCorpus + "/photos9p.pdf"))
        let path = Fixtures.scratch() + "/two-images.pdf"
        let image = { (w: Int, h: Int, placeholder: Character, count: Int) in
            HandMadePDF.stream(
                String(repeating: placeholder, count: count),
                "/Type /XObject /Subtype /Image /Width \(w) /Height \(h) /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode")
        }
        try HandMadePDF.write(
            to: path, content: "q 160 0 0 120 50 600 cm /Good Do Q q 160 0 0 120 300 600 cm /Bad Do Q",
            resources: "/XObject << /Good 5 0 R /Bad 6 0 R >>",
            objects: [image(2272, 1704, "G", photo.count), image(width, height, "B", bad.count)])
        // The placeholders become the binary JPEG data, byte for byte.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for (letter, data) in [(UInt8(ascii: "G"), photo), (UInt8(ascii: "B"), bad)] {
            let run = [UInt8](repeating: letter, count: data.count)
            let start = try #require(
                bytes.indices.first { bytes[$0] == letter && Array(bytes[$0..<min($0 + run.count, bytes.count)]) == run })
            bytes.replaceSubrange(start..<start + data.count, with: data)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A JPEG header (start of frame and scan) declaring `width` x `height` with no tables and no
    /// image data.
    static func hostileJPEG(width: Int, height: Int) -> [UInt8] {
        let w = [UInt8(width >> 8), UInt8(width & 0xFF)]
        let h = [UInt8(height >> 8), UInt8(height & 0xFF)]
        return [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08] + h + w + [0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
            + [0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9]
    }

    @Test(
        "an image that cannot be decoded is kept as it is, and the others are still downscaled",
        arguments: [
            (Array("this is not a JPEG at all".utf8), 4000, 3000),
            (PreviewCopyTests.hostileJPEG(width: 60000, height: 60000), 60000, 60000),
            (PreviewCopyTests.hostileJPEG(width: 3000, height: 2000), 3000, 2000),
        ])
    func badImage(bad: [UInt8], width: Int, height: Int) throws {
        let path = try Self.twoImages(bad: bad, width: width, height: height)
        let report = try Self.copy(path)
        #expect(report.images == 2 && report.replaced == 1, "\(report)")
        let copy = try #require(report.output)
        #expect(try Self.rawStream(6, of: copy) == Data(bad), "the bad image is untouched")
        #expect(try Self.rawStream(5, of: copy).count < Self.rawStream(5, of: path).count / 2)
        #expect(try Self.meanDifference(path, copy, page: 1) < 0.02)
    }

    @Test(
        "a document whose only big image cannot be decoded gets no copy, and no failure",
        arguments: [
            ("not a JPEG", "/Filter /DCTDecode"), ("not deflated", "/Filter /FlateDecode"),
            ("far fewer bytes than 5000 x 4000", ""), ("a filter we leave alone", "/Filter /JBIG2Decode"),
        ])
    func onlyBroken(data: String, filter: String) throws {
        let path = Fixtures.scratch() + "/broken.pdf"
        try HandMadePDF.write(
            to: path, content: "q 100 0 0 80 50 600 cm /Im Do Q", resources: "/XObject << /Im 5 0 R >>",
            objects: [
                HandMadePDF.stream(
                    data, "/Type /XObject /Subtype /Image /Width 5000 /Height 4000 /ColorSpace /DeviceGray /BitsPerComponent 8 \(filter)")
            ])
        let report = try Self.copy(path)
        #expect(report.output == nil && report.images == 1 && report.replaced == 0)
    }
}
