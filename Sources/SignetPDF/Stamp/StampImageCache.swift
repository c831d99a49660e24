import Foundation
import SignetModel

/// Decoded stamp images kept per thread, so a worker stamping document after document with
/// the same signature or company stamp decodes it once. Per thread because engine objects
/// never cross threads (a worker process uses one; tests run jobs on many).
enum StampImageCache {
    /// Most images kept per thread; the oldest is dropped first.
    static let capacity = 8
    private static let key = "signet.stampImageCache"

    private final class Entries {
        var order: [String] = []
        var images: [String: StampImage] = [:]
    }

    /// The image for `source`, decoded now or taken from the cache. A file path is keyed with
    /// its size and modification time, so an edited file is decoded again.
    static func image(source: String, field: String) throws -> StampImage {
        let cacheKey = try identity(of: source, field: field)
        let entries = Thread.current.threadDictionary[key] as? Entries ?? Entries()
        Thread.current.threadDictionary[key] = entries
        if let hit = entries.images[cacheKey] { return hit }
        let image = try StampImage(source: source, field: field)
        entries.images[cacheKey] = image
        entries.order.append(cacheKey)
        if entries.order.count > capacity {
            entries.images[entries.order.removeFirst()] = nil
        }
        return image
    }

    private static func identity(of source: String, field: String) throws -> String {
        // A data URL is its own identity. Never a hash of it: a collision would put someone
        // else's signature on the page.
        if source.hasPrefix("data:") { return source }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: source) else {
            throw SignetError(.io, "cannot read the image file \(source)", field: field)
        }
        let size = attributes[.size] as? Int ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "file:\(source):\(size):\(modified)"
    }
}
