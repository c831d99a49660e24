import Crypto
import Foundation
import SignetModel

/// A prepared PDF whose seal gap is filled in place. The worker that wrote it is not trusted
/// to have put the gap where it says: the byte range must be `[0 a b size-b]` for this very
/// file, and `a..<b` must be `<` + zeros + `>` of the reserved size, before anything is signed.
struct SealedFile {
    let path: String
    let report: SealPlaceholderReport
    let contentsBytes: Int

    /// Hashes the signed bytes, builds the CMS and writes it into the gap; answers the SHA-256
    /// of the sealed file (lowercase hex). The file is read once.
    func sign(identity: SealIdentity, timeStamper: (any SignatureTimeStamper)?, durable: Bool) async throws -> String {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw SignetError(.io, "cannot open the prepared seal \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SignetError(.io, "cannot read the prepared seal's size") }
        let range = report.byteRange
        let size = Int(info.st_size)
        guard range.count == 4, range[0] == 0, report.size == size, range[1] > 0,
            range[2] == range[1] + 2 * contentsBytes + 2, range[2] + range[3] == size
        else { throw SignetError(.internal, "the prepared seal's byte range \(range) does not fit the file (\(size) bytes)") }
        let gapStart = range[1]
        let gapEnd = range[2]

        // One pass: the signed bytes feed the message digest; the gap is checked on the way.
        // The whole file's digest forks from it after the prefix, and the (small) suffix after
        // the gap is kept to finish it once the signature is in.
        var signed = SHA256()
        var whole = SHA256()
        var suffix: [UInt8] = []
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var offset = 0
        while offset < size {
            let want = min(chunk, size - offset)
            let got = try buffer.withUnsafeMutableBytes { raw -> Int in
                let n = pread(fd, raw.baseAddress, want, off_t(offset))
                guard n > 0 else { throw SignetError(.io, "cannot read the prepared seal") }
                return n
            }
            let read = buffer[0..<got]
            let lower = max(offset, gapStart)
            let upper = min(offset + got, gapEnd)
            if lower < upper {  // this chunk touches the gap
                if offset < gapStart { signed.update(data: read[0..<(gapStart - offset)]) }
                if lower == gapStart { whole = signed }
                for i in lower..<upper {
                    let expected: UInt8 = i == gapStart ? UInt8(ascii: "<") : i == gapEnd - 1 ? UInt8(ascii: ">") : UInt8(ascii: "0")
                    guard read[i - offset] == expected else {
                        throw SignetError(.internal, "the prepared seal's gap is not an empty /Contents")
                    }
                }
                if offset + got > gapEnd {
                    signed.update(data: read[(gapEnd - offset)...])
                    suffix += read[(gapEnd - offset)...]
                }
            } else {
                signed.update(data: read)
                if offset >= gapEnd { suffix += read }
            }
            offset += got
        }
        let digest = Array(signed.finalize())

        let cms = try await CAdESSignature.build(messageDigest: digest, identity: identity, timeStamper: timeStamper)
        guard cms.count <= contentsBytes else {
            throw SignetError(
                .internal, "the seal's signature (\(cms.count) bytes) does not fit the \(contentsBytes) bytes reserved for it")
        }
        let digits = Array("0123456789abcdef".utf8)
        let hex = cms.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }
        let written = hex.withUnsafeBytes { pwrite(fd, $0.baseAddress, hex.count, off_t(gapStart + 1)) }
        guard written == hex.count else { throw SignetError(.io, "cannot write the seal into \(path)") }
        if durable, fsync(fd) != 0 { throw SignetError(.io, "cannot flush the sealed file to disk") }
        whole.update(data: [UInt8(ascii: "<")] + hex)
        whole.update(data: [UInt8](repeating: UInt8(ascii: "0"), count: 2 * contentsBytes - hex.count) + [UInt8(ascii: ">")])
        whole.update(data: suffix)
        return whole.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
