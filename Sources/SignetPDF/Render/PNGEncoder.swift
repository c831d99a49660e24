import CZlib
import Foundation
import SignetModel

/// Writes opaque RGB PNGs from Cairo's ARGB32 pixels.
///
/// The PNG encoder, not the rasteriser, dominates preview time: libpng's defaults (adaptive
/// filters, zlib level 6) run at a few pages per second, and even zlib at level 1 took half of
/// a text page's time. Previews are transient, so we trade a larger file for speed: filter
/// type 0 and `RowDeflater`'s quick match search.
enum PNGEncoder {
    /// Encodes `height` rows of `width` premultiplied ARGB32 pixels (native endian, `stride`
    /// bytes a row) as an RGB PNG. The page was rendered onto white, so alpha is dropped.
    static func encodeRGB(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8 bits, truecolour, deflate, no filter method, no interlace
        appendChunk("IHDR", header, to: &out)
        let rowBytes = 1 + width * 3
        let rows = scanlines(pixels: pixels, width: width, height: height, stride: stride)
        appendChunk("IDAT", rows.withUnsafeBufferPointer { compress($0, rowBytes: rowBytes) }, to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// The scanlines as a zlib stream: `RowDeflater`'s, unless the page is one it barely
    /// shrinks (a scan's grain, a full-page photo: few runs, and its fixed code spends 8 or 9 bits
    /// on every literal), which zlib at level 1 writes two to three times smaller.
    private static func compress(_ rows: UnsafeBufferPointer<UInt8>, rowBytes: Int) -> [UInt8] {
        let fast = RowDeflater.zlibStream(rows, rowBytes: rowBytes)
        guard fast.count > rows.count / 3 else { return fast }
        var size = compressBound(uLong(rows.count))
        let packed = [UInt8](unsafeUninitializedCapacity: Int(size)) { out, written in
            written = compress2(out.baseAddress, &size, rows.baseAddress, uLong(rows.count), 1) == Z_OK ? Int(size) : 0
        }
        return packed.isEmpty ? fast : packed
    }

    /// The PNG scanlines: each row a filter byte (0, none) and its pixels as R, G, B.
    private static func scanlines(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> [UInt8] {
        let rowBytes = 1 + width * 3
        return [UInt8](unsafeUninitializedCapacity: rowBytes * height) { out, written in
            let dst = out.baseAddress!
            for y in 0..<height {
                let row = dst + y * rowBytes
                row[0] = 0
                let src = UnsafeRawPointer(pixels + y * stride)
                for x in 0..<width {
                    let v = src.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                    row[1 + x * 3] = UInt8(truncatingIfNeeded: v >> 16)
                    row[2 + x * 3] = UInt8(truncatingIfNeeded: v >> 8)
                    row[3 + x * 3] = UInt8(truncatingIfNeeded: v)
                }
            }
            written = rowBytes * height
        }
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
