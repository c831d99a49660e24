/// Compresses PNG scanlines into a zlib stream, fast rather than small.
///
/// zlib at level 1 took half of a text page's preview time (its hash-chain match search and
/// Adler-32 over some 6 MB a page at 150 dpi). A rendered page repeats itself in two simple
/// ways: a pixel like the one before it (flat colour, white margins) and a pixel like the one
/// above it (a whole white row, the straight edges of boxes and glyph stems). So the only
/// matches looked for are those two distances, checked 8 bytes at a time, and the block uses
/// deflate's fixed Huffman code (no tree to build). Anything else is a literal, of 8 or 9 bits.
/// Pages of text come out about twice the size zlib's level 1 makes, at a fifth of its time; a
/// page of grain it barely shrinks (`PNGEncoder` then leaves it to zlib).
struct RowDeflater {
    /// The longest match deflate can express.
    private static let maxMatch = 258
    /// The farthest back a match can reach (deflate's window).
    private static let maxDistance = 32768

    /// The zlib stream (header, one fixed-code block, Adler-32) of `data`: PNG scanlines of
    /// `rowBytes` bytes each (filter byte included).
    static func zlibStream(_ data: UnsafeBufferPointer<UInt8>, rowBytes: Int) -> [UInt8] {
        // A literal costs at most 9 bits; header, block end and checksum fit in the slack.
        let capacity = data.count + data.count / 8 + 64
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
            var bits = BitWriter(out.baseAddress!)
            bits.put(0x0178, 16)  // CMF 0x78 (deflate, 32 KB window), FLG 0x01 (fastest; check bits)
            bits.put(0b011, 3)  // final block, fixed Huffman codes
            encode(data, rowBytes: rowBytes, into: &bits)
            bits.putCode(256)  // end of block
            written = bits.finish()
            let sum = adler32(data)
            for shift in [24, 16, 8, 0] {
                out[written] = UInt8(truncatingIfNeeded: sum >> UInt32(shift))
                written += 1
            }
        }
    }

    private static func encode(_ data: UnsafeBufferPointer<UInt8>, rowBytes: Int, into bits: inout BitWriter) {
        let base = data.baseAddress!
        let count = data.count
        let up = rowBytes <= maxDistance ? rowBytes : 0  // wider rows: runs only
        let upCode = FixedCode.distance(max(up, 1))
        let runCode = FixedCode.distance(3)
        var i = 0
        while i < count {
            let limit = min(maxMatch, count - i)
            var length = 0
            var distance = 0
            if up > 0, i >= up {
                length = matchLength(base + i, base + i - up, limit: limit)
                distance = up
            }
            if length < limit, i >= 3 {
                let run = matchLength(base + i, base + i - 3, limit: limit)
                if run > length {
                    length = run
                    distance = 3
                }
            }
            if length >= 3 {
                bits.putMatch(length: length, distance: distance == 3 ? runCode : upCode)
                i += length
            } else {
                bits.putCode(Int(base[i]))
                i += 1
            }
        }
    }

    /// How many bytes from `a` equal those from `b`, up to `limit`, compared 8 at a time.
    @inline(__always)
    private static func matchLength(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, limit: Int) -> Int {
        var n = 0
        while n + 8 <= limit {
            let x = UnsafeRawPointer(a + n).loadUnaligned(as: UInt64.self)
            let y = UnsafeRawPointer(b + n).loadUnaligned(as: UInt64.self)
            if x != y { return n + (x ^ y).trailingZeroBitCount / 8 }
            n += 8
        }
        while n < limit, a[n] == b[n] { n += 1 }
        return n
    }

    /// Adler-32 of `data`, 16 bytes at a time. Over a block of n bytes, b gains n times a at the
    /// block's start plus each byte times the number of sums it enters (n - k for byte k), so a
    /// block's sums are a plain and a weighted sum of its bytes, which vectorise. Blocks are short
    /// enough that no 32-bit lane overflows.
    static func adler32(_ data: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = data.baseAddress else { return 1 }
        let weights = SIMD16<UInt32>(16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
        var a: UInt64 = 1
        var b: UInt64 = 0
        var start = 0
        while start < data.count {
            let n = min(4096, data.count - start)
            let whole = n & ~15
            var plain = SIMD16<UInt32>()  // each lane: the bytes it has seen
            var weighted = SIMD16<UInt32>()  // each byte times its place from the chunk's end
            var earlier = SIMD16<UInt32>()  // the sum of `plain` before each chunk: 16 more sums per chunk
            for k in stride(from: 0, to: whole, by: 16) {
                let bytes = UnsafeRawPointer(base + start + k).loadUnaligned(as: SIMD16<UInt8>.self)
                let v = SIMD16<UInt32>(truncatingIfNeeded: bytes)
                earlier &+= plain
                plain &+= v
                weighted &+= v &* weights
            }
            b += a * UInt64(whole) + UInt64(weighted.wrappedSum()) + 16 * UInt64(earlier.wrappedSum())
            a += UInt64(plain.wrappedSum())
            for k in whole..<n {
                a += UInt64(base[start + k])
                b += a
            }
            a %= 65521
            b %= 65521
            start += n
        }
        return UInt32(b << 16 | a)
    }
}

/// Deflate's bit order (least significant first) over a buffer known to be large enough, with
/// the fixed Huffman code of RFC 1951 section 3.2.6.
private struct BitWriter {
    private let out: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var buffer: UInt64 = 0
    private var used = 0

    init(_ out: UnsafeMutablePointer<UInt8>) { self.out = out }

    /// Appends the low `n` bits of `value` (n + 7 <= 64 at most pending).
    @inline(__always)
    mutating func put(_ value: UInt64, _ n: Int) {
        buffer |= value << UInt64(used)
        used += n
        if used >= 32 {
            UnsafeMutableRawPointer(out + count).storeBytes(of: UInt32(truncatingIfNeeded: buffer).littleEndian, as: UInt32.self)
            count += 4
            buffer >>= 32
            used -= 32
        }
    }

    /// Writes literal/length symbol `symbol` in the fixed code.
    @inline(__always)
    mutating func putCode(_ symbol: Int) {
        let code = FixedCode.literals[symbol]
        put(UInt64(code.bits), Int(code.length))
    }

    /// Writes a match of `length` bytes at a distance already coded as `distance`.
    @inline(__always)
    mutating func putMatch(length: Int, distance: FixedCode.Bits) {
        let l = FixedCode.lengths[length]
        put(UInt64(l.bits) | UInt64(distance.bits) << UInt64(l.length), Int(l.length) + Int(distance.length))
    }

    /// Pads to a whole byte and returns the number of bytes written.
    mutating func finish() -> Int {
        while used > 0 {
            out[count] = UInt8(truncatingIfNeeded: buffer)
            count += 1
            buffer >>= 8
            used = max(0, used - 8)
        }
        return count
    }
}

/// Codes ready to write: Huffman bits already reversed into deflate's order, extra bits above them.
private enum FixedCode {
    struct Bits {
        var bits: UInt32
        var length: UInt8
    }

    /// Symbols 0-287: 0-143 eight bits from 0x30, 144-255 nine from 0x190, 256-279 seven from 0,
    /// 280-287 eight from 0xC0.
    static let literals: [Bits] = (0..<288).map { symbol in
        let (code, length): (Int, Int) =
            switch symbol {
            case 0...143: (0x30 + symbol, 8)
            case 144...255: (0x190 + symbol - 144, 9)
            case 256...279: (symbol - 256, 7)
            default: (0xC0 + symbol - 280, 8)
            }
        return Bits(bits: reversed(code, length), length: UInt8(length))
    }

    /// Match lengths 3-258 (indexed by length): the length symbol's code and its extra bits.
    static let lengths: [Bits] = (0...258).map { length in
        guard length >= 3 else { return Bits(bits: 0, length: 0) }
        let (index, extra) = bucket(length, bases: lengthBases)
        let code = literals[257 + index]
        let extraBits = lengthExtra[index]
        return Bits(bits: code.bits | UInt32(extra) << UInt32(code.length), length: code.length + UInt8(extraBits))
    }

    /// A distance's five-bit code and its extra bits.
    static func distance(_ distance: Int) -> Bits {
        let (index, extra) = bucket(distance, bases: distanceBases)
        let extraBits = index < 4 ? 0 : index / 2 - 1
        return Bits(bits: reversed(index, 5) | UInt32(extra) << 5, length: UInt8(5 + extraBits))
    }

    private static let lengthBases = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBases = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
        8193, 12289, 16385, 24577,
    ]

    /// The last base not above `value`: its index and how far `value` is past it.
    private static func bucket(_ value: Int, bases: [Int]) -> (Int, Int) {
        let index = bases.lastIndex { $0 <= value }!
        return (index, value - bases[index])
    }

    private static func reversed(_ code: Int, _ length: Int) -> UInt32 {
        var result: UInt32 = 0
        for k in 0..<length where code & (1 << k) != 0 { result |= 1 << UInt32(length - 1 - k) }
        return result
    }
}
