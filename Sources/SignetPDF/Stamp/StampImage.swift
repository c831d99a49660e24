import CCairo
import Foundation
import SignetModel

/// A signature or stamp image ready to paint: a Cairo surface, plus the original JPEG bytes
/// attached as MIME data so the PDF embeds the JPEG as-is instead of re-encoding pixels.
final class StampImage {
    let surface: OpaquePointer
    let width: Int
    let height: Int

    /// Largest image side accepted, in pixels (a bound on memory, not a quality choice).
    static let maxSide = 8000
    /// Largest encoded image accepted, in bytes.
    static let maxBytes = 20 * 1024 * 1024

    /// Loads a PNG or JPEG from a file path or a `data:` URL.
    init(source: String, field: String) throws {
        let bytes = try Self.bytes(of: source, field: field)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            surface = try Self.decodePNG(bytes, field: field)
        } else if bytes.starts(with: [0xFF, 0xD8]) {
            surface = try Self.wrapJPEG(bytes, field: field)
        } else {
            throw SignetError(.invalidInput, "the image is neither PNG nor JPEG", field: field)
        }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
    }

    deinit { cairo_surface_destroy(surface) }

    /// Paints the image inside `rect`, as large as fits with its aspect ratio kept, centred.
    func paint(in rect: Rect, on cr: OpaquePointer) {
        let scale = min(rect.width / Double(width), rect.height / Double(height))
        let w = Double(width) * scale
        let h = Double(height) * scale
        cairo_save(cr)
        cairo_translate(cr, rect.x + (rect.width - w) / 2, rect.y + (rect.height - h) / 2)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    private static func bytes(of source: String, field: String) throws -> [UInt8] {
        if source.hasPrefix("data:") {
            guard let comma = source.firstIndex(of: ","), source[..<comma].hasSuffix(";base64"),
                let data = Data(base64Encoded: String(source[source.index(after: comma)...]), options: .ignoreUnknownCharacters)
            else { throw SignetError(.invalidInput, "the image data URL is not base64 (data:image/png;base64,...)", field: field) }
            guard data.count <= maxBytes else { throw SignetError(.tooLarge, "the image is over \(maxBytes) bytes", field: field) }
            return [UInt8](data)
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: source),
            let size = attributes[.size] as? Int
        else { throw SignetError(.io, "cannot read the image file \(source)", field: field) }
        guard size <= maxBytes else { throw SignetError(.tooLarge, "the image \(source) is over \(maxBytes) bytes", field: field) }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw SignetError(.io, "cannot read the image file \(source)", field: field)
        }
        return [UInt8](data)
    }

    /// Cairo's PNG reader pulls bytes through a callback; the cursor is passed as its closure.
    private final class Cursor {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    private static func decodePNG(_ bytes: [UInt8], field: String) throws -> OpaquePointer {
        // Check the declared size before Cairo allocates for it.
        if bytes.count >= 24 {
            let w = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let h = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            guard w <= maxSide, h <= maxSide else {
                throw SignetError(.tooLarge, "the image is \(w) x \(h) pixels; at most \(maxSide) per side", field: field)
            }
        }
        let cursor = Cursor(bytes)
        let unmanaged = Unmanaged.passRetained(cursor)
        defer { unmanaged.release() }
        let surface = cairo_image_surface_create_from_png_stream(
            { closure, data, length in
                let c = Unmanaged<Cursor>.fromOpaque(closure!).takeUnretainedValue()
                let n = Int(length)
                guard c.offset + n <= c.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                c.bytes.withUnsafeBufferPointer { src in
                    data!.update(from: src.baseAddress! + c.offset, count: n)
                }
                c.offset += n
                return CAIRO_STATUS_SUCCESS
            }, unmanaged.toOpaque())!
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw SignetError(.invalidInput, "the PNG image is damaged", field: field)
        }
        return surface
    }

    private static func wrapJPEG(_ bytes: [UInt8], field: String) throws -> OpaquePointer {
        guard let (w, h) = JPEGHeader.size(of: bytes) else {
            throw SignetError(.invalidInput, "the JPEG image is damaged (no frame header)", field: field)
        }
        guard w <= maxSide, h <= maxSide, w > 0, h > 0 else {
            throw SignetError(.tooLarge, "the image is \(w) x \(h) pixels; at most \(maxSide) per side", field: field)
        }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h))!
        // Cairo's PDF backend embeds MIME-tagged JPEG data directly; it keeps the copy alive
        // until it calls the destroy function.
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        copy.initialize(from: bytes, count: bytes.count)
        let status = cairo_surface_set_mime_data(
            surface, CAIRO_MIME_TYPE_JPEG, copy, UInt(bytes.count), { $0?.assumingMemoryBound(to: UInt8.self).deallocate() }, copy)
        guard status == CAIRO_STATUS_SUCCESS else {
            copy.deallocate()
            cairo_surface_destroy(surface)
            throw SignetError(.internal, "cairo refused the JPEG data", field: field)
        }
        return surface
    }
}

@available(*, unavailable)
extension StampImage: Sendable {}

/// Reads a JPEG's pixel size from its start-of-frame marker.
enum JPEGHeader {
    static func size(of bytes: [UInt8]) -> (Int, Int)? {
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                let h = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                let w = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                return (w, h)
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }
}
