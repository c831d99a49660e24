import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One signature of a PDF as its bytes show it: the ByteRange it signs and the /Contents
/// hex string it leaves out (the gap must be exactly that string), and the time its
/// dictionary claims (/M).
struct PDFSignature {
    /// `[0 a b c]`: the signed bytes are `0..<a` and `b..<b+c`.
    let byteRange: [Int]
    let claimedTime: Date?

    /// Offset of the `<` of /Contents.
    var contentsStart: Int { byteRange[1] }
    /// Offset just after the `>` of /Contents.
    var contentsEnd: Int { byteRange[2] }
    /// Where the signed bytes end: the end of the revision this signature belongs to.
    var end: Int { byteRange[2] + byteRange[3] }
}

/// Finds the signatures of a PDF in its raw bytes, without a PDF parser: every `/ByteRange`
/// key (a seal's dictionary is never compressed: its /Contents is patched in place after
/// writing). Work is linear in the file and every read is bounds-checked, since the file is
/// untrusted; anything that looks like a signature but does not frame its /Contents exactly is
/// reported as a problem, never skipped.
enum PDFSignatureScanner {
    /// More signatures than any document Signet seals; past it, the file is refused rather
    /// than hashed that many times.
    static let maxSignatures = 20

    static func signatures(in bytes: [UInt8]) throws -> [PDFSignature] {
        var found: [PDFSignature] = []
        for position in occurrences(of: Array("/ByteRange".utf8), in: bytes) {
            guard found.count < maxSignatures else {
                throw CMSProblem("the file has more than \(maxSignatures) signatures")
            }
            guard let range = byteRange(in: bytes, after: position + 10) else {
                throw CMSProblem("a signature's /ByteRange is malformed")
            }
            guard frames(range, bytes) else {
                throw CMSProblem("a signature's /ByteRange does not leave out exactly its /Contents")
            }
            found.append(PDFSignature(byteRange: range, claimedTime: claimedTime(bytes, range: range)))
        }
        return found.sorted { $0.end < $1.end }
    }

    /// Offsets of `needle` in `bytes`: memchr finds each candidate first byte (linear, on the
    /// array's own storage), then the rest is compared.
    static func occurrences(of needle: [UInt8], in bytes: [UInt8], within range: Range<Int>? = nil) -> [Int] {
        let range = range ?? 0..<bytes.count
        var result: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let first = needle.first else { return }
            var start = range.lowerBound
            while start + needle.count <= range.upperBound,
                let hit = memchr(base + start, Int32(first), range.upperBound - needle.count + 1 - start)
            {
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if buffer[offset..<(offset + needle.count)].elementsEqual(needle) { result.append(offset) }
                start = offset + 1
            }
        }
        return result
    }

    /// `[n n n n]` after a `/ByteRange` key: four non-negative integers of at most 12 digits.
    static func byteRange(in bytes: [UInt8], after start: Int) -> [Int]? {
        var index = skipSpace(bytes, start)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var values: [Int] = []
        while values.count < 4 {
            index = skipSpace(bytes, index)
            var value = 0
            var digits = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 12 {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            values.append(value)
        }
        index = skipSpace(bytes, index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "]") else { return nil }
        return values
    }

    /// Whether `[0 a b c]` leaves out exactly a `/Contents <hex>` string: `a` is its `<`,
    /// `b` just after its `>`, and the signed bytes end inside the file.
    static func frames(_ range: [Int], _ bytes: [UInt8]) -> Bool {
        let (a, b, c) = (range[1], range[2], range[3])
        guard range[0] == 0, a > 9, b - a >= 2, b <= bytes.count, c <= bytes.count - b else { return false }
        guard bytes[a] == UInt8(ascii: "<"), bytes[b - 1] == UInt8(ascii: ">") else { return false }
        var key = a
        while key > 0, isSpace(bytes[key - 1]) { key -= 1 }
        return key >= 9 && bytes[(key - 9)..<key].elementsEqual("/Contents".utf8)
    }

    /// The /M date of the dictionary around the /Contents at `range`: looked for between the
    /// object's `obj` and `endobj` (a few KiB at most either side of the hex string).
    static func claimedTime(_ bytes: [UInt8], range: [Int]) -> Date? {
        let (a, b) = (range[1], range[2])
        let before = max(0, a - 4096)..<a
        let after = b..<min(bytes.count, b + 4096)
        let start = occurrences(of: Array("obj".utf8), in: bytes, within: before).last ?? before.lowerBound
        let end = occurrences(of: Array("endobj".utf8), in: bytes, within: after).first ?? after.upperBound
        for window in [start..<a, b..<end] {
            for hit in occurrences(of: Array("/M".utf8), in: bytes, within: window) {
                let index = skipSpace(bytes, hit + 2)
                guard index < window.upperBound, bytes[index] == UInt8(ascii: "(") else { continue }
                return PDFDate.parse(literalString(bytes[(index + 1)..<min(index + 80, window.upperBound)]))
            }
        }
        return nil
    }

    /// The text of a literal string whose `(` precedes `bytes`, up to its `)`, with the
    /// escapes a date may use (`\ddd` octal, `\(`, `\)`, `\\`) undone.
    static func literalString(_ bytes: ArraySlice<UInt8>) -> String {
        let octal = UInt8(ascii: "0")...UInt8(ascii: "7")
        var text: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex, bytes[index] != UInt8(ascii: ")") {
            var byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\\"), index < bytes.endIndex {
                byte = bytes[index]
                index += 1
                if octal.contains(byte) {
                    var value = Int(byte - UInt8(ascii: "0"))
                    var digits = 1
                    while digits < 3, index < bytes.endIndex, octal.contains(bytes[index]) {
                        value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                        index += 1
                        digits += 1
                    }
                    byte = UInt8(truncatingIfNeeded: value)
                }
            }
            text.append(byte)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether the revision ending at `end` ends with `%%EOF` (and at most an end of line).
    static func endsAtEOF(_ bytes: [UInt8], _ end: Int) -> Bool {
        var index = min(end, bytes.count)
        var trailing = 0
        while index > 0, bytes[index - 1] == 10 || bytes[index - 1] == 13, trailing < 2 {
            index -= 1
            trailing += 1
        }
        return index >= 5 && bytes[(index - 5)..<index].elementsEqual("%%EOF".utf8)
    }

    static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 10 || byte == 13 || byte == 9 || byte == 12 || byte == 0 }
}

/// PDF dates (`D:YYYYMMDDHHmmSSOHH'mm'`, ISO 32000 §7.9.4), as signature dictionaries write /M.
enum PDFDate {
    static func parse(_ text: String) -> Date? {
        var rest = Substring(text)
        if rest.hasPrefix("D:") { rest = rest.dropFirst(2) }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 8, digits.count <= 14, digits.count % 2 == 0 else { return nil }
        func field(_ offset: Int, _ fallback: Int) -> Int {
            guard digits.count >= offset + 2 else { return fallback }
            let start = digits.index(digits.startIndex, offsetBy: offset)
            return Int(digits[start..<digits.index(start, offsetBy: 2)]) ?? fallback
        }
        var components = DateComponents()
        components.year = Int(digits.prefix(4))
        (components.month, components.day) = (field(4, 1), field(6, 1))
        (components.hour, components.minute, components.second) = (field(8, 0), field(10, 0), field(12, 0))
        var offset = 0
        let zone = rest.dropFirst(digits.count)
        if let sign = zone.first, sign == "+" || sign == "-" {
            let parts = zone.dropFirst().split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            offset = ((parts.first ?? 0) * 60 + (parts.dropFirst().first ?? 0)) * 60 * (sign == "-" ? -1 : 1)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)?.addingTimeInterval(Double(-offset))
    }
}
