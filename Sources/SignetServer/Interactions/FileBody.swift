import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetSessions

/// Raw file uploads (the body is the file) and file downloads.
enum FileBody {
    /// The body of `request`, at most `limit` bytes; 413 beyond, 400 when empty.
    static func read(_ request: Request, limit: Int) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "too-large", "The file is too large", detail: "send at most \(limit >> 20) MiB")
        }
        guard buffer.readableBytes > 0 else {
            throw Problem(.badRequest, "empty-file", "The request has no file", detail: "send the file's bytes as the request body")
        }
        return Array(buffer.readableBytesView)
    }

    /// `.../pages/{page}?width=800`: the PNG preview `render` makes of the page at the width
    /// (the `{page}` written `3` or `3.png`), with its ETag (`PreviewAnswer`).
    static func preview(_ request: Request, context: AppContext, render: (_ page: Int, _ width: Int) async throws -> String)
        async throws -> Response
    {
        let page = try context.page()
        let png = try await render(page, try intParameter(request, "width", fallback: 800))
        return try PreviewAnswer.response(request, path: png, name: "page-\(page).png")
    }

    /// A download a use case picked.
    static func response(_ file: Downloads.File) throws -> Response {
        try response(path: file.path, contentType: file.contentType, name: file.name)
    }

    /// The file at `path` as a download named `name`.
    static func response(path: String, contentType: String, name: String) throws -> Response {
        guard let file = FileHandle(forReadingAtPath: path) else { throw Problem.notFound }
        let size = try file.seekToEnd()
        try file.seek(toOffset: 0)
        // Only safe characters in the header; the name is the customer's or agent's own input.
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" }.prefix(120))
        let headers: HTTPFields = [
            .contentType: contentType, .cacheControl: "private, no-store",
            .contentDisposition: "attachment; filename=\"\(safe.isEmpty ? "file" : safe)\"",
        ]
        // Sent in chunks, so a large archive never sits in memory whole.
        let body = ResponseBody(contentLength: Int(size)) { writer in
            defer { try? file.close() }
            while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The file name given in `?name=`, as it will be shown: without control or format
    /// characters (a right-to-left override shows `invoice<U+202E>fdp.exe` as `invoiceexe.pdf`),
    /// trimmed, at most 200 characters; nil when nothing is left.
    static func displayName(_ request: Request) -> String? {
        guard let raw = request.uri.queryParameters["name"] else { return nil }
        let hidden: Set<Unicode.GeneralCategory> = [.control, .format]
        let kept = String(String.UnicodeScalarView(raw.unicodeScalars.filter { !hidden.contains($0.properties.generalCategory) }))
        let name = kept.trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : String(name.prefix(200))
    }

    /// A positive integer query parameter, or `fallback` when absent; 400 naming it otherwise.
    static func intParameter(_ request: Request, _ name: String, fallback: Int) throws -> Int {
        guard let raw = request.uri.queryParameters[Substring(name)] else { return fallback }
        guard let value = Int(raw), value > 0 else {
            throw Problem(.badRequest, "invalid-input", "The request is not valid", detail: "\(name) must be a positive whole number")
        }
        return value
    }
}
