import CZlib
import Foundation
import SignetModel

/// Writes opaque RGB PNGs from Cairo's ARGB32 pixels.
///
/// The PNG encoder, not the rasteriser, dominates preview time: libpng's defaults (adaptive
/// filters, zlib level 6) run at a few pages per second. Previews are transient, so we trade a
/// somewhat larger file for speed: filter type 0 and zlib level 1.
enum PNGEncoder {
    /// Encodes `height` rows of `width` premultiplied ARGB32 pixels (native endian, `stride`
    /// bytes a row) as an RGB PNG. The page was rendered onto white, so alpha is dropped.
    static func encodeRGB(
        pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int, level: Int32 = 1
    ) throws -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8 bits, truecolour, deflate, no filter method, no interlace
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", try deflateRows(pixels: pixels, width: width, height: height, stride: stride, level: level), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    private static func deflateRows(
        pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int, level: Int32
    ) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SignetError(.internal, "zlib could not start")
        }
        defer { deflateEnd(&stream) }
        let rowBytes = 1 + width * 3
        var row = [UInt8](repeating: 0, count: rowBytes)
        var compressed: [UInt8] = []
        compressed.reserveCapacity(height * rowBytes / 4)
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        for y in 0..<height {
            let src = pixels + y * stride
            row.withUnsafeMutableBufferPointer { dst in
                dst[0] = 0  // filter: none
                src.withMemoryRebound(to: UInt32.self, capacity: width) { px in
                    var o = 1
                    for x in 0..<width {
                        let v = px[x]
                        dst[o] = UInt8(truncatingIfNeeded: v >> 16)
                        dst[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                        dst[o + 2] = UInt8(truncatingIfNeeded: v)
                        o += 3
                    }
                }
            }
            let flush = y == height - 1 ? Z_FINISH : Z_NO_FLUSH
            try row.withUnsafeMutableBufferPointer { input in
                stream.next_in = input.baseAddress
                stream.avail_in = uInt(rowBytes)
                repeat {
                    let produced = try chunk.withUnsafeMutableBufferPointer { buf -> Int in
                        stream.next_out = buf.baseAddress
                        stream.avail_out = uInt(buf.count)
                        let status = deflate(&stream, flush)
                        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                            throw SignetError(.internal, "zlib failed with status \(status)")
                        }
                        return buf.count - Int(stream.avail_out)
                    }
                    compressed.append(contentsOf: chunk[0..<produced])
                } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
            }
        }
        return compressed
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        out.appendBigEndian(UInt32(data.count))
        let typeBytes = Array(type.utf8)
        out += typeBytes
        out += data
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        out.appendBigEndian(UInt32(crc))
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendBigEndian(_ v: UInt32) {
        append(contentsOf: [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])
    }
}
