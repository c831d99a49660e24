import Foundation
import NIOConcurrencyHelpers

/// Keeps the previews folder bounded: each document's previews under `documentBytes`, the
/// whole folder under `totalBytes`, the least recently used previews removed first (a
/// preview's modification time is its last use). A removed preview is simply rendered again
/// when asked for.
final class PreviewBudget: Sendable {
    let totalBytes: Int
    let documentBytes: Int
    /// The folder's size as last counted plus what was added since; nil until first counted.
    private let total = NIOLockedValueBox<Int?>(nil)

    init(totalBytes: Int, documentBytes: Int) {
        self.totalBytes = totalBytes
        self.documentBytes = documentBytes
    }

    /// Notes a use of `file` (a cache hit), so it is not the next to go. Done at most once a
    /// minute per file: a touch is a metadata write.
    func used(_ file: String, now: Date = Date()) {
        guard let modified = Self.modified(file), now.timeIntervalSince(modified) > 60 else { return }
        try? FileManager.default.setAttributes([.modificationDate: now], ofItemAtPath: file)
    }

    /// Accounts for the new preview `file` in `document` (a folder under `root`) and removes
    /// older previews until both bounds hold again; `file` itself stays.
    func kept(_ file: String, document: String, root: String) {
        let size = Self.size(file)
        Self.trim(document, to: documentBytes, keeping: file)
        let over = total.withLockedValue { total -> Bool in
            guard let known = total else { return true }
            total = known + size
            return known + size > totalBytes
        }
        guard over else { return }
        // Counted again from the disk, to catch the document trims and other processes.
        let left = Self.trim(root, to: totalBytes, keeping: file)
        total.withLockedValue { $0 = left }
    }

    /// Counts the previews under `root` and removes the oldest until they fit in `bytes`;
    /// answers the size left. Empty document folders go too.
    @discardableResult
    static func trim(_ root: String, to bytes: Int, keeping kept: String? = nil) -> Int {
        let fm = FileManager.default
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        // Compared as absolute paths: the data folder may be given relative to the working one.
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
        let keptPath = kept.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        guard let enumerator = fm.enumerator(at: URL(fileURLWithPath: rootPath), includingPropertiesForKeys: keys) else { return 0 }
        var files: [(path: String, size: Int, modified: Date)] = []
        for case let url as URL in enumerator {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true, url.pathExtension == "png",
                !url.lastPathComponent.hasPrefix(".")
            else { continue }
            files.append((url.standardizedFileURL.path, values.fileSize ?? 0, values.contentModificationDate ?? .distantPast))
        }
        var left = files.reduce(0) { $0 + $1.size }
        guard left > bytes else { return left }
        var folders: Set<String> = []
        for file in files.sorted(by: { $0.modified < $1.modified }) where left > bytes && file.path != keptPath {
            guard (try? fm.removeItem(atPath: file.path)) != nil else { continue }
            left -= file.size
            folders.insert((file.path as NSString).deletingLastPathComponent)
        }
        for folder in folders where folder != rootPath && ((try? fm.contentsOfDirectory(atPath: folder))?.isEmpty ?? false) {
            try? fm.removeItem(atPath: folder)
        }
        return left
    }

    private static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
