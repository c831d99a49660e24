import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Sample files and tools for interaction tests.
enum Samples {
    /// The repository root, found from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative)))
    }

    /// A JPEG photo: page 1 of the sample letter at 40 dpi, made with pdftoppm.
    static func jpeg() throws -> [UInt8] {
        let base = NSTemporaryDirectory() + "signet-photo-\(UUID().uuidString)"
        try run("pdftoppm", ["-jpeg", "-r", "40", "-f", "1", "-l", "1", "-singlefile", root + "/SampleDocs/letter.pdf", base])
        defer { try? FileManager.default.removeItem(atPath: base + ".jpg") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: base + ".jpg")))
    }

    /// The text of a PDF, by pdftotext.
    static func text(of pdf: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "signet-text-\(UUID().uuidString).pdf"
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try run("pdftotext", ["-layout", path, "-"])
    }

    /// Dark pixels (below 128) inside `rect` (points, top-left of the displayed page) of
    /// `page`, rendered in gray at 72 dpi by pdftoppm, so one pixel is one point.
    static func darkPixels(in pdf: [UInt8], page: Int, x: Int, y: Int, width: Int, height: Int) throws -> Int {
        let path = NSTemporaryDirectory() + "signet-gray-\(UUID().uuidString)"
        try Data(pdf).write(to: URL(fileURLWithPath: path + ".pdf"))
        defer {
            try? FileManager.default.removeItem(atPath: path + ".pdf")
            try? FileManager.default.removeItem(atPath: path + ".pgm")
        }
        try run("pdftoppm", ["-gray", "-r", "72", "-f", "\(page)", "-l", "\(page)", "-singlefile", path + ".pdf", path])
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: path + ".pgm")))
        // P5 header: magic, width, height, maxval, each separated by whitespace.
        var fields: [Int] = []
        var i = 2
        while fields.count < 3 {
            while data[i] == 0x20 || data[i] == 0x0A { i += 1 }
            var n = 0
            while data[i] >= 0x30 && data[i] <= 0x39 {
                n = n * 10 + Int(data[i] - 0x30)
                i += 1
            }
            fields.append(n)
        }
        let pixels = Array(data[(i + 1)...])
        let w = fields[0]
        var dark = 0
        for row in y..<min(y + height, fields[1]) {
            for col in x..<min(x + width, w) where pixels[row * w + col] < 128 { dark += 1 }
        }
        return dark
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return String(decoding: data, as: UTF8.self)
    }
}

extension TestClientProtocol {
    /// A request with a raw body (an upload) or none, answering the status and the raw body.
    func raw(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: [UInt8]? = nil, headers: HTTPFields = [:])
        async throws -> (status: HTTPResponse.Status, bytes: [UInt8], headers: HTTPFields)
    {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { response in
            (response.status, Array(response.body.readableBytesView), response.headers)
        }
    }
}

extension Samples {
    /// A sample PDF encrypted with a user password, by qpdf.
    static func encrypted(_ relative: String) throws -> [UInt8] {
        let out = NSTemporaryDirectory() + "signet-encrypted-\(UUID().uuidString).pdf"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try run("qpdf", ["--encrypt", "user", "owner", "256", "--", root + "/" + relative, out])
        return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
    }
}

extension Samples {
    /// The names in a ZIP archive, after Python's zipfile has checked every entry's CRC.
    static func zipListing(_ zip: [UInt8]) throws -> [String] {
        let path = NSTemporaryDirectory() + "signet-zip-\(UUID().uuidString).zip"
        try Data(zip).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script =
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(sorted(z.namelist())))"
        return try run("python3", ["-c", script, path]).split(separator: "\n").map(String.init)
    }
}
