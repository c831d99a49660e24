import CZlib
import Testing

@testable import SignetPDF

/// The preview PNG encoder writes its own deflate stream; zlib, an independent decoder, must
/// read back exactly the scanlines it was given.
@Suite("PNG encoder")
struct PNGEncoderTests {
    /// A page-like raster of 0x00RRGGBB pixels: white margins, rows repeating the one above,
    /// flat runs, a gradient and noise, so every kind of match and literal is written.
    static func raster(width: Int, height: Int, noise: Bool = false) -> [UInt32] {
        var seed: UInt32 = 12345
        var pixels = [UInt32](repeating: 0x00FF_FFFF, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let v: UInt32
                switch noise ? 5 : y % 8 {
                case 0, 1, 6, 7: v = 0x00FF_FFFF  // white rows
                case 2: v = x < width / 2 ? 0x0012_3456 : 0x00FF_FFFF  // a flat run
                case 3: v = pixels[(y - 1) * width + x]  // the row above again
                case 4: v = UInt32(x % 256) * 0x0001_0101  // a grey gradient
                default:
                    seed = seed &* 1_103_515_245 &+ 12345
                    v = seed >> 8  // noise
                }
                pixels[y * width + x] = v
            }
        }
        return pixels
    }

    /// The PNG's IDAT data inflated by zlib, after checking each chunk's CRC.
    static func inflate(_ png: [UInt8], expected: Int) throws -> [UInt8] {
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var pos = 8
        var idat: [UInt8] = []
        while pos < png.count {
            let length = png[pos..<pos + 4].reduce(0) { $0 << 8 | Int($1) }
            let typeAndData = Array(png[pos + 4..<pos + 8 + length])
            let crc = png[pos + 8 + length..<pos + 12 + length].reduce(0) { $0 << 8 | UInt($1) }
            #expect(UInt(crc32(0, typeAndData, uInt(typeAndData.count))) == crc)
            if typeAndData[0..<4] == [0x49, 0x44, 0x41, 0x54] { idat += typeAndData[4...] }
            pos += 12 + length
        }
        var out = [UInt8](repeating: 0, count: expected + 1)
        var size = uLongf(out.count)
        let status = uncompress(&out, &size, idat, uLong(idat.count))  // also checks the Adler-32
        #expect(status == Z_OK)
        return Array(out[0..<Int(size)])
    }

    func roundTrip(width: Int, height: Int, noise: Bool = false) throws {
        let pixels = Self.raster(width: width, height: height, noise: noise)
        let png = pixels.withUnsafeBytes {
            PNGEncoder.encodeRGB(pixels: $0.bindMemory(to: UInt8.self).baseAddress!, width: width, height: height, stride: width * 4)
        }
        var expected: [UInt8] = []
        for y in 0..<height {
            expected.append(0)
            for x in 0..<width {
                let v = pixels[y * width + x]
                expected += [UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
            }
        }
        #expect(try Self.inflate(png, expected: expected.count) == expected)
    }

    @Test("zlib reads back the scanlines of a page-like raster")
    func pageLike() throws { try roundTrip(width: 333, height: 70) }

    @Test("a page of noise (left to zlib) and the quick encoder's own stream of it")
    func noise() throws {
        try roundTrip(width: 200, height: 50, noise: true)
        let rows = Self.raster(width: 200, height: 50, noise: true).flatMap { v in
            [UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        }
        let stream = rows.withUnsafeBufferPointer { RowDeflater.zlibStream($0, rowBytes: 600) }
        var out = [UInt8](repeating: 0, count: rows.count + 1)
        var size = uLongf(out.count)
        #expect(uncompress(&out, &size, stream, uLong(stream.count)) == Z_OK)
        #expect(Array(out[0..<Int(size)]) == rows)
    }

    @Test("rows too long for deflate's window to reach the row above are still encoded")
    func wideRows() throws { try roundTrip(width: 11_000, height: 9) }

    @Test("a single pixel")
    func tiny() throws { try roundTrip(width: 1, height: 1) }

    @Test("Adler-32 matches zlib's at lengths around its block and lane sizes")
    func adler() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 ^ $0 >> 3) }
        for length in [0, 1, 15, 16, 17, 4095, 4096, 4097, 5552, 8193, 10_000] {
            let ours = bytes.withUnsafeBufferPointer { RowDeflater.adler32(UnsafeBufferPointer(rebasing: $0[0..<length])) }
            #expect(UInt(ours) == UInt(adler32(1, bytes, uInt(length))), "length \(length)")
        }
        let white = [UInt8](repeating: 0xFF, count: 100_000)
        #expect(UInt(white.withUnsafeBufferPointer { RowDeflater.adler32($0) }) == UInt(adler32(1, white, uInt(white.count))))
    }
}
