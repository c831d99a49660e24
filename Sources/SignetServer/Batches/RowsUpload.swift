import Foundation
import Hummingbird
import SignetModel
import SignetTemplates

/// The data file of a batch, as uploaded: its format (from `format=` or the content type),
/// saved into the job's folder, its header checked before the job is accepted.
struct RowsUpload {
    let path: String
    let format: DataFormat

    static let limit = 64 << 20

    static func receive(_ request: Request, into folder: String) async throws -> RowsUpload {
        let format = try Self.format(request)
        let bytes = try await FileBody.read(request, limit: limit)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/rows.\(format.rawValue)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw SignetError(.io, "cannot keep the data file")
        }
        return RowsUpload(path: path, format: format)
    }

    /// `format=csv|tsv|jsonl`, else the content type (text/csv, text/tab-separated-values,
    /// application/jsonl or application/x-ndjson).
    private static func format(_ request: Request) throws -> DataFormat {
        if let raw = request.uri.queryParameters["format"] {
            guard let format = DataFormat(rawValue: String(raw)) else {
                throw SignetError(.invalidInput, "format must be csv, tsv or jsonl", field: "format")
            }
            return format
        }
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        switch type {
        case "text/csv": return .csv
        case "text/tab-separated-values": return .tsv
        case "application/jsonl", "application/x-ndjson", "application/x-jsonlines": return .jsonl
        default:
            throw SignetError(
                .invalidInput,
                "say what the data is: format=csv|tsv|jsonl, or a text/csv, text/tab-separated-values or application/jsonl body",
                field: "format")
        }
    }

    /// Reads the header; names of the job's own paths never reach the client.
    func header() throws -> RowReader {
        do {
            return try RowReader(path: path)
        } catch var error as SignetError {
            error.message = error.message.replacingOccurrences(of: path, with: "the data file")
            throw error
        }
    }
}
