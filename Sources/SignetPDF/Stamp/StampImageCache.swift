import CCairo
import Foundation
import SignetModel

/// A stamp image ready to place: a one-page PDF holding just the image, one point per pixel.
/// Encoding an image into PDF (colour and alpha planes, deflated) costs more than the rest of a
/// small stamp, so it is done once per image and the page is then placed by matrix on every
/// document that uses it.
struct ImageAsset {
    /// The PDF (its page is `width` x `height` points).
    let pdf: [UInt8]
    let width: Double
    let height: Double
    /// Identifies the image within a stamp, so two fields with one image share one overlay.
    let key: String

    /// Where the image goes in `rect`: as large as fits with its aspect ratio kept, centred.
    func fitted(in rect: Rect) -> Rect {
        let scale = min(rect.width / width, rect.height / height)
        let w = width * scale
        let h = height * scale
        return Rect(x: rect.x + (rect.width - w) / 2, y: rect.y + (rect.height - h) / 2, width: w, height: h)
    }
}

/// Image assets kept per thread, so a worker stamping document after document with the same
/// signature or company stamp encodes it once. Per thread because engine objects never cross
/// threads (a worker process uses one; tests run jobs on many).
enum StampImageCache {
    /// Most images kept per thread; the oldest is dropped first.
    static let capacity = 8
    private static let key = "signet.stampImageCache"

    private final class Entries {
        var order: [String] = []
        var assets: [String: ImageAsset] = [:]
    }

    /// The asset for `source`, made now or taken from the cache. A file path is keyed with its
    /// size and modification time, so an edited file is read again.
    static func asset(source: String, field: String) throws -> ImageAsset {
        let cacheKey = try identity(of: source, field: field)
        let entries = Thread.current.threadDictionary[key] as? Entries ?? Entries()
        Thread.current.threadDictionary[key] = entries
        if let hit = entries.assets[cacheKey] { return hit }
        let image = try StampImage(source: source, field: field)
        let (w, h) = (Double(image.width), Double(image.height))
        let pdf: [UInt8]
        if !image.isJPEG, let direct = ImagePDF.make(of: image.surface) {
            pdf = direct
        } else {
            let document = try OverlayDocument()
            try document.addPage(width: w, height: h) { cr in image.paint(in: Rect(x: 0, y: 0, width: w, height: h), on: cr) }
            pdf = try document.finish()
        }
        let asset = ImageAsset(pdf: pdf, width: w, height: h, key: cacheKey)
        entries.assets[cacheKey] = asset
        entries.order.append(cacheKey)
        if entries.order.count > capacity {
            entries.assets[entries.order.removeFirst()] = nil
        }
        return asset
    }

    private static func identity(of source: String, field: String) throws -> String {
        // A data URL is its own identity. Never a hash of it: a collision would put someone
        // else's signature on the page.
        if source.hasPrefix("data:") { return source }
        // stat, not FileManager's attributes: those also look up the owner's and group's names,
        // reading /etc/passwd and /etc/group on every row of a batch.
        var info = stat()
        guard stat(source, &info) == 0 else { throw SignetError(.io, "cannot read the image file \(source)", field: field) }
        return "file:\(source):\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
