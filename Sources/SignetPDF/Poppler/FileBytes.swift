import CSignetPoppler
import Foundation
import SignetModel

/// A whole input file read into one malloc'd buffer, checked against the engine's limits before
/// any parser sees it.
final class FileBytes {
    private(set) var pointer: UnsafeMutableRawPointer?
    let count: Int
    let path: String

    /// Reads `path`, refusing files over `limits.maxFileBytes` and files that are not PDFs.
    init(path: String, limits: EngineLimits) throws {
        self.path = path
        let (file, size) = try Self.open(path, limits: limits)
        defer { fclose(file) }
        guard size > 0, let buffer = malloc(size) else {
            throw SignetError(.notPDF, "\(path) is empty, not a PDF")
        }
        guard fread(buffer, 1, size, file) == size else {
            free(buffer)
            throw SignetError(.io, "cannot read \(path)")
        }
        pointer = buffer
        count = size
        try Self.requireHeader(UnsafeRawBufferPointer(start: buffer, count: min(size, 1024)), path: path)
    }

    deinit { free(pointer) }

    /// The version from the `%PDF-x.y` header ("" when it cannot be read).
    var headerVersion: String {
        guard let pointer else { return "" }
        let head = [UInt8](UnsafeRawBufferPointer(start: pointer, count: min(count, 1024)))
        guard let start = String(decoding: head, as: UTF8.self).range(of: "%PDF-") else { return "" }
        return String(String(decoding: head, as: UTF8.self)[start.upperBound...].prefix(3))
    }

    /// Applies the same checks (regular file, size limit, PDF header) without reading the whole
    /// file, for jobs whose parser reads the file itself.
    static func admit(path: String, limits: EngineLimits) throws {
        let (file, _) = try open(path, limits: limits)
        defer { fclose(file) }
        var head = [UInt8](repeating: 0, count: 1024)
        let n = fread(&head, 1, head.count, file)
        try head.withUnsafeBytes { try requireHeader(UnsafeRawBufferPointer(rebasing: $0[0..<n]), path: path) }
    }

    /// Opens a regular file within the size limit; the caller closes it.
    private static func open(_ path: String, limits: EngineLimits) throws -> (UnsafeMutablePointer<FILE>, Int) {
        guard let file = fopen(path, "rb") else {
            throw SignetError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fileno(file), &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            fclose(file)
            throw SignetError(.io, "\(path) is not a regular file")
        }
        guard Int(st.st_size) <= limits.maxFileBytes else {
            fclose(file)
            throw SignetError(.tooLarge, "\(path) is \(st.st_size) bytes; the limit is \(limits.maxFileBytes) bytes")
        }
        return (file, Int(st.st_size))
    }

    private static func requireHeader(_ head: UnsafeRawBufferPointer, path: String) throws {
        guard hasPDFHeader(head) else {
            throw SignetError(.notPDF, "\(path) is not a PDF: no %PDF- header in its first 1024 bytes")
        }
    }

    /// Hands the buffer to GLib without copying; GLib then frees it with `free` when the last
    /// reference (ours or Poppler's) goes away.
    func makeGBytes() -> OpaquePointer {
        if let pointer {
            self.pointer = nil
            return g_bytes_new_with_free_func(pointer, gsize(count), { free($0) }, pointer)
        }
        preconditionFailure("FileBytes handed to GLib twice")
    }

    /// PDF readers accept the header anywhere in the first kilobyte (some files carry junk first).
    static func hasPDFHeader(_ head: UnsafeRawBufferPointer) -> Bool {
        let magic: [UInt8] = Array("%PDF-".utf8)
        guard head.count >= magic.count else { return false }
        for start in 0...(head.count - magic.count) where head[start] == magic[0] {
            if (1..<magic.count).allSatisfy({ head[start + $0] == magic[$0] }) { return true }
        }
        return false
    }
}
