import Foundation
import SignetModel

/// Writes files so that a reader never sees a half-written one under the final name: write a
/// temporary file beside it, flush it to disk, then rename over the target.
package enum AtomicFile {
    /// Writes `bytes` to `path` atomically.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        let temp = temporaryPath(for: path)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("cannot create", temp) }
        var ok = true
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { ok = false; break }
                offset += n
            }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok else {
            unlink(temp)
            throw ioError("cannot write", temp)
        }
        try commit(temp, to: path)
    }

    /// A unique temporary name in the target's directory (same filesystem, so rename is atomic).
    /// Cut at the last slash as text: `URL(fileURLWithPath:)` asks the file system whether the
    /// path is a folder, a system call (and 2% of a batch worker's time) for every stamp.
    package static func temporaryPath(for path: String) -> String {
        let name = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        return "\(path[..<name]).\(path[name...]).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    }

    /// Renames an already-written temporary file over `path`, flushing it to disk first when
    /// `durable` (rename alone already guarantees readers see the old file or the whole new one).
    package static func commit(_ temp: String, to path: String, durable: Bool = true) throws {
        if durable {
            let fd = open(temp, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
        }
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw ioError("cannot move into place", path)
        }
        // The rename itself lives in the directory; flush it too, or a power cut can undo it.
        if durable { flushFolder(of: path) }
    }

    /// Flushes the folder holding `path`, where a rename or link into it lives. A file system
    /// that cannot flush a folder is not an error.
    package static func flushFolder(of path: String) {
        let dir = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    private static func ioError(_ what: String, _ path: String) -> SignetError {
        SignetError(.io, "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
