import Foundation
import SignetModel
import Testing

@testable import SignetPDF

/// Uploaded images assembled into one PDF, one page each.
@Suite("Image assembly")
struct ImageAssemblyTests {
    func assemble(_ images: [String], output: String) -> EngineOutcome {
        Engine.perform(.assembleImages(ImageAssemblyRequest(images: images, output: output)))
    }

    @Test("a JPEG, a PNG and a thumbnail become three pages, in order")
    func assemblesInOrder() throws {
        let dir = Fixtures.scratch()
        try Tool.run("pdftoppm", ["-jpeg", "-r", "20", "-f", "1", "-l", "1", "-singlefile", Fixtures.sample("letter.pdf"), dir + "/photo"])
        try Tool.run("pdftoppm", ["-png", "-r", "1", "-singlefile", Fixtures.sample("cropbox.pdf"), dir + "/thumb"])
        let out = dir + "/out.pdf"
        let outcome = assemble([dir + "/photo.jpg", Fixtures.sample("signature.png"), dir + "/thumb.png"], output: out)
        #expect(outcome == .assembled(ImageAssemblyReport(output: out, pages: 3)))

        // The photo (166 x 234 px) is taller than wide, the signature (400 x 150 px) wider.
        let pages = try Fixtures.inspect(out).pages.map { [$0.width, $0.height] }
        #expect(pages == [[595.28, 841.89], [841.89, 595.28], [595.28, 841.89]])

        // Columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi ...
        // The signature's transparency adds a soft mask, which is not an image of its own.
        let images = try Tool.run("pdfimages", ["-list", out]).output.split(separator: "\n").dropFirst(2).map {
            $0.split(separator: " ").map(String.init)
        }.filter { $0[2] == "image" }
        #expect(images.map { $0[0] } == ["1", "2", "3"])
        #expect(images.first?[8] == "jpeg", "the JPEG is embedded as-is, not re-encoded")
        // The 9 x 12 px thumbnail would fit at 58 pt per pixel; enlarging stops at 4 (18 ppi).
        #expect(images.last?[12] == "18")
    }

    @Test("a phone photo stored sideways is laid out upright, by its EXIF orientation")
    func exifOrientation() throws {
        let dir = Fixtures.scratch()
        try Tool.run("pdftoppm", ["-jpeg", "-r", "20", "-f", "1", "-l", "1", "-singlefile", Fixtures.sample("letter.pdf"), dir + "/photo"])
        // An APP1 EXIF block right after the start marker: big-endian TIFF, one entry,
        // orientation 6 ("turn 90° clockwise to view").
        let tiff: [UInt8] = Array("MM".utf8) + [0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        let app1 = Array("Exif\0\0".utf8) + tiff
        let jpeg = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/photo.jpg")))
        let turned = [0xFF, 0xD8, 0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)] + app1 + jpeg.dropFirst(2)
        try Data(turned).write(to: URL(fileURLWithPath: dir + "/sideways.jpg"))
        let out = dir + "/out.pdf"
        #expect(
            assemble([dir + "/photo.jpg", dir + "/sideways.jpg"], output: out) == .assembled(ImageAssemblyReport(output: out, pages: 2)))
        // Stored 166 x 234 (portrait); the tagged copy is seen 234 x 166, so its page is landscape.
        let pages = try Fixtures.inspect(out).pages.map { [$0.width, $0.height] }
        #expect(pages == [[595.28, 841.89], [841.89, 595.28]])
    }

    @Test("an image that is neither PNG nor JPEG is named by its position")
    func notAnImage() throws {
        let dir = Fixtures.scratch()
        try "hello, I am a text file".write(toFile: dir + "/x.jpg", atomically: true, encoding: .utf8)
        let error = Fixtures.failure(of: .assembleImages(ImageAssemblyRequest(images: [dir + "/x.jpg"], output: dir + "/out.pdf")))
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "image 1")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.pdf"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["x.jpg"], "no temporary file is left behind")
    }

    @Test("an empty list is refused")
    func empty() {
        let error = Fixtures.failure(of: .assembleImages(ImageAssemblyRequest(images: [], output: Fixtures.scratch() + "/out.pdf")))
        #expect(error == SignetError(.invalidInput, "no images to assemble"))
    }
}
