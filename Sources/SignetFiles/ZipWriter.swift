import Foundation
import SignetModel

/// Writes a ZIP archive of whole files, stored without compression: PDFs are compressed
/// already, so deflating them again costs time for nothing. Files are streamed in chunks, so
/// memory stays flat however large the archive. Limited to the classic format (no ZIP64):
/// at most 65,535 entries and 4 GiB, refused beyond.
package final class ZipWriter {
    private let handle: FileHandle
    private var offset: UInt64 = 0
    private var central: [UInt8] = []
    private var count = 0

    /// Creates (or truncates) the archive at `path`.
    package init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw SignetError(.io, "cannot create \(path)")
        }
        self.handle = handle
    }

    /// Adds the file at `source` as `name` (a relative path with `/` separators).
    package func add(file source: String, as name: String) throws {
        guard let input = FileHandle(forReadingAtPath: source) else { throw SignetError(.io, "cannot read \(source)") }
        defer { try? input.close() }
        // The CRC comes first in the local header, so the file is read twice: once for the
        // checksum, once to copy. Both passes are sequential and chunked.
        var crc = CRC32()
        var size: UInt64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            crc.update(chunk)
            size += UInt64(chunk.count)
        }
        let nameBytes = Array(name.utf8)
        guard count < 65_535, size < 0xFFFF_FFFF, offset + size + UInt64(nameBytes.count) + 100 < 0xFFFF_FFFF else {
            throw SignetError(.tooLarge, "the archive would pass the ZIP limits (65,535 files, 4 GiB)")
        }
        let headerOffset = UInt32(offset)
        var local: [UInt8] = []
        local.le32(0x0403_4B50)
        local.le16(20)  // version needed
        local.le16(0x0800)  // names are UTF-8
        local.le16(0)  // stored
        local.le16(0)  // time
        local.le16(0x21)  // date: 1980-01-01, so archives of the same files are identical
        local.le32(crc.value)
        local.le32(UInt32(size))
        local.le32(UInt32(size))
        local.le16(UInt16(nameBytes.count))
        local.le16(0)
        local += nameBytes
        try write(local)
        try input.seek(toOffset: 0)
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try write(Array(chunk)) }

        central.le32(0x0201_4B50)
        central.le16(20)
        central.le16(20)
        central.le16(0x0800)
        central.le16(0)
        central.le16(0)
        central.le16(0x21)
        central.le32(crc.value)
        central.le32(UInt32(size))
        central.le32(UInt32(size))
        central.le16(UInt16(nameBytes.count))
        central.le16(0)  // extra
        central.le16(0)  // comment
        central.le16(0)  // disk
        central.le16(0)  // internal attributes
        central.le32(0)  // external attributes
        central.le32(headerOffset)
        central += nameBytes
        count += 1
    }

    /// Writes the central directory and closes the archive.
    package func finish() throws {
        let start = UInt32(offset)
        try write(central)
        var end: [UInt8] = []
        end.le32(0x0605_4B50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(count))
        end.le16(UInt16(count))
        end.le32(UInt32(central.count))
        end.le32(start)
        end.le16(0)
        try write(end)
        try handle.synchronize()
        try handle.close()
    }

    private func write(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: bytes)
        offset += UInt64(bytes.count)
    }
}

/// CRC-32 (IEEE 802.3, as ZIP uses it), table driven.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    private var crc: UInt32 = 0xFFFF_FFFF

    mutating func update(_ data: Data) {
        data.withUnsafeBytes { raw in
            for byte in raw { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
    }

    var value: UInt32 { crc ^ 0xFFFF_FFFF }
}

extension [UInt8] {
    fileprivate mutating func le16(_ v: UInt16) { append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8)]) }
    fileprivate mutating func le32(_ v: UInt32) { for i in 0..<4 { append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) } }
}
