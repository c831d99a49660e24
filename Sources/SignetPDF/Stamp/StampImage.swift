import CCairo
import Foundation
import SignetModel

/// A signature or stamp image ready to paint: a Cairo surface, plus the original JPEG bytes
/// attached as MIME data so the PDF embeds the JPEG as-is instead of re-encoding pixels.
final class StampImage {
    let surface: OpaquePointer
    /// Pixel size as stored.
    let width: Int
    let height: Int
    /// The EXIF orientation (1 to 8) of a JPEG: phones store photos as the sensor saw them and
    /// say in this tag how to turn them upright.
    let orientation: Int
    /// The surface carries its JPEG's bytes, which Cairo's PDF surface embeds as they are.
    let isJPEG: Bool

    /// The size as the picture is meant to be seen: width and height swap for the
    /// orientations that turn it a quarter.
    var displayWidth: Int { orientation >= 5 ? height : width }
    var displayHeight: Int { orientation >= 5 ? width : height }

    /// Largest image side accepted, in pixels (a bound on memory, not a quality choice).
    static let maxSide = 8000
    /// Largest encoded image accepted, in bytes.
    static let maxBytes = 20 * 1024 * 1024

    /// Loads a PNG or JPEG from a file path or a `data:` URL.
    init(source: String, field: String) throws {
        let bytes = try Self.bytes(of: source, field: field)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            surface = try Self.decodePNG(bytes, field: field)
            orientation = 1
            isJPEG = false
        } else if bytes.starts(with: [0xFF, 0xD8]) {
            surface = try Self.wrapJPEG(bytes, field: field)
            orientation = JPEGHeader.orientation(of: bytes)
            isJPEG = true
        } else {
            throw SignetError(.invalidInput, "the image is neither PNG nor JPEG", field: field)
        }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
    }

    deinit { cairo_surface_destroy(surface) }

    /// Paints the image inside `rect`, upright, as large as fits with its aspect ratio kept,
    /// centred.
    func paint(in rect: Rect, on cr: OpaquePointer) {
        let scale = min(rect.width / Double(displayWidth), rect.height / Double(displayHeight))
        let w = Double(displayWidth) * scale
        let h = Double(displayHeight) * scale
        cairo_save(cr)
        cairo_translate(cr, rect.x + (rect.width - w) / 2, rect.y + (rect.height - h) / 2)
        cairo_scale(cr, scale, scale)
        var upright = uprightMatrix
        cairo_transform(cr, &upright)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// Maps stored pixels to the upright picture (x = xx·u + xy·v + x0, y = yx·u + yy·v + y0),
    /// per the EXIF orientation: mirrored, turned a half, or turned a quarter either way.
    private var uprightMatrix: cairo_matrix_t {
        let (w, h) = (Double(width), Double(height))
        var m = cairo_matrix_t()
        switch orientation {
        case 2: cairo_matrix_init(&m, -1, 0, 0, 1, w, 0)
        case 3: cairo_matrix_init(&m, -1, 0, 0, -1, w, h)
        case 4: cairo_matrix_init(&m, 1, 0, 0, -1, 0, h)
        case 5: cairo_matrix_init(&m, 0, 1, 1, 0, 0, 0)
        case 6: cairo_matrix_init(&m, 0, 1, -1, 0, h, 0)
        case 7: cairo_matrix_init(&m, 0, -1, -1, 0, h, w)
        case 8: cairo_matrix_init(&m, 0, -1, 1, 0, 0, w)
        default: cairo_matrix_init_identity(&m)
        }
        return m
    }

    private static func bytes(of source: String, field: String) throws -> [UInt8] {
        if source.hasPrefix("data:") {
            guard let comma = source.firstIndex(of: ","), source[..<comma].hasSuffix(";base64"),
                let data = Data(base64Encoded: String(source[source.index(after: comma)...]), options: .ignoreUnknownCharacters)
            else { throw SignetError(.invalidInput, "the image data URL is not base64 (data:image/png;base64,...)", field: field) }
            guard data.count <= maxBytes else { throw SignetError(.tooLarge, "the image is over \(maxBytes) bytes", field: field) }
            return [UInt8](data)
        }
        // One descriptor, sized with fstat: FileManager's attributes also look up the owner's
        // and group's names (the password and group files, refused to a confined worker, then
        // the name service), which cost a first stamp more than decoding the image.
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SignetError(.io, "cannot read the image file \(source)", field: field) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw SignetError(.io, "cannot read the image file \(source)", field: field)
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else { throw SignetError(.tooLarge, "the image \(source) is over \(maxBytes) bytes", field: field) }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, size - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw SignetError(.io, "cannot read the image file \(source)", field: field) }
            filled += got
        }
        return bytes
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

/// Reads a JPEG's pixel size from its start-of-frame marker, and its EXIF orientation.
enum JPEGHeader {
    /// The orientation tag (0x0112) of the EXIF block in APP1, 1 when there is none or it
    /// cannot be read.
    static func orientation(of bytes: [UInt8]) -> Int {
        var i = 2
        while i + 4 < bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            // The EXIF block comes before the image data; stop at the start of frame or scan.
            if marker == 0xDA || (0xC0...0xCF).contains(marker) { return 1 }
            if marker == 0xE1, i + 4 + length <= bytes.count, length > 16,
                Array(bytes[(i + 4)..<(i + 10)]) == Array("Exif\0\0".utf8)
            {
                return tiffOrientation(Array(bytes[(i + 10)..<(i + 2 + length)])) ?? 1
            }
            guard length >= 2 else { return 1 }
            i += 2 + length
        }
        return 1
    }

    /// Looks the tag up in the first image directory of a TIFF header (either byte order).
    private static func tiffOrientation(_ t: [UInt8]) -> Int? {
        guard t.count >= 8 else { return nil }
        let big = t[0] == 0x4D
        func u16(_ at: Int) -> Int? {
            guard at + 2 <= t.count else { return nil }
            return big ? Int(t[at]) << 8 | Int(t[at + 1]) : Int(t[at + 1]) << 8 | Int(t[at])
        }
        func u32(_ at: Int) -> Int? {
            guard let hi = u16(big ? at : at + 2), let lo = u16(big ? at + 2 : at) else { return nil }
            return hi << 16 | lo
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        for n in 0..<min(count, 200) {
            let entry = ifd + 2 + n * 12
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112, let value = u16(entry + 8), (1...8).contains(value) { return value }
        }
        return nil
    }

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
