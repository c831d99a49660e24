import Foundation
import SignetModel

/// Keeps the parsed input of the last stamp open when the request asks for it
/// (`StampRequest.keepInputOpen`), so a worker filling one template row after row parses the
/// template once instead of once per row. Per thread, like `StampImageCache`, because engine
/// objects never cross threads; and one document at most, so a worker never holds more than
/// the file it is working on.
enum StampSessionCache {
    private static let key = "signet.stampSessionCache"

    /// A kept session and the file it was parsed from.
    private final class Entry {
        let file: FileIdentity
        let password: String?
        let session: StampSession

        init(file: FileIdentity, password: String?, session: StampSession) {
            self.file = file
            self.password = password
            self.session = session
        }
    }

    /// The file as it was on disk: any rewrite changes its inode, size or times, so a session
    /// parsed from an earlier version is never used for the new one.
    struct FileIdentity: Equatable {
        var path: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec
        var changed: timespec

        init(path: String) throws {
            var st = stat()
            guard stat(path, &st) == 0 else {
                throw SignetError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            self.path = path
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
            size = Int64(st.st_size)
            modified = st.st_mtim
            changed = st.st_ctim
        }

        static func == (a: FileIdentity, b: FileIdentity) -> Bool {
            a.path == b.path && a.device == b.device && a.inode == b.inode && a.size == b.size
                && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
                && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
        }
    }

    /// A session for `path` laid out for `pages`: the kept one when it was parsed from this very
    /// file, else a fresh parse. The session leaves the cache either way; hand it back with
    /// `keep` once it has merged and is still reusable.
    static func session(path: String, password: String?, pages: Set<Int>) throws -> (StampSession, FileIdentity) {
        // Taken before parsing: a file replaced while it is being read then no longer matches.
        let file = try FileIdentity(path: path)
        if let entry = take(), entry.file == file, entry.password == password {
            try entry.session.layOut(pages)
            return (entry.session, file)
        }
        return (try StampSession(path: path, password: password, pages: pages), file)
    }

    /// Keeps `session` (already merged, and reported reusable) for the next stamp of `file`.
    static func keep(_ session: StampSession, file: FileIdentity, password: String?) {
        session.reset()
        Thread.current.threadDictionary[key] = Entry(file: file, password: password, session: session)
    }

    /// The file whose session is kept on this thread, if any.
    static var keptPath: String? {
        (Thread.current.threadDictionary[key] as? Entry)?.file.path
    }

    /// Closes the kept session, if any (a stamp of something else needs the memory more).
    static func clear() {
        _ = take()
    }

    private static func take() -> Entry? {
        let entry = Thread.current.threadDictionary[key] as? Entry
        Thread.current.threadDictionary[key] = nil
        return entry
    }
}
