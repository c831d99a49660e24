import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// How a page preview is answered. A preview file is named by what it shows (the document's
/// content hash, the page, the width bucket: `<previews>/<key>/<page>-<width>.png`), so its
/// name is its ETag and its bytes never change: they are kept in memory once read, and a
/// browser that already holds them gets a 304. `private, no-cache` keeps shared caches out
/// (a customer's document is theirs) and has the browser ask every time, because the same URL
/// shows the finished document once there is one.
enum PreviewAnswer {
    static let cacheControl = "private, no-cache"

    /// The answer for the preview at `path`: 304 when `request` names its ETag, else the PNG.
    static func response(_ request: Request, path: String, name: String) throws -> Response {
        let parts = path.split(separator: "/").suffix(2)
        let tag = "\"" + parts.joined(separator: "/").replacingOccurrences(of: "\"", with: "") + "\""
        var headers: HTTPFields = [.eTag: tag, .cacheControl: cacheControl]
        if let asked = request.headers[.ifNoneMatch], asked.split(separator: ",").contains(where: { matches($0, tag) }) {
            return Response(status: .notModified, headers: headers)
        }
        let bytes = try kept.bytes(at: path)
        headers[.contentType] = "image/png"
        headers[.contentDisposition] = "inline; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// Whether one entry of If-None-Match names `tag` (weak comparison, as RFC 9110 asks for it).
    static func matches(_ entry: Substring, _ tag: String) -> Bool {
        let trimmed = entry.trimmingCharacters(in: .whitespaces)
        return trimmed == "*" || trimmed == tag || trimmed == "W/" + tag
    }

    /// The previews read lately, shared by every server in the process: paths are absolute and
    /// their content is fixed by their name, so an entry can never be wrong, only dropped.
    static let kept = PreviewBytes(capacity: 64 << 20)
}

/// Preview bytes by path, up to `capacity` bytes; the oldest read go first.
final class PreviewBytes: Sendable {
    private struct State {
        var bytes: [String: ByteBuffer] = [:]
        var order: [String] = []
        var total = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The file at `path`, from memory when it was read before; 404 when there is none.
    func bytes(at path: String) throws -> ByteBuffer {
        if let kept = state.withLock({ $0.bytes[path] }) { return kept }
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem.notFound }
        let buffer = ByteBuffer(bytes: data)
        state.withLock { state in
            guard state.bytes[path] == nil, buffer.readableBytes <= capacity else { return }
            while state.total + buffer.readableBytes > capacity, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.total -= state.bytes.removeValue(forKey: oldest)?.readableBytes ?? 0
            }
            state.bytes[path] = buffer
            state.order.append(path)
            state.total += buffer.readableBytes
        }
        return buffer
    }
}
