import Foundation
import SignetModel

/// A value of a data row, as read.
package enum RowCell: Hashable, Sendable {
    /// Text: every CSV and TSV cell, and every JSON string. Read by the field's kind (see
    /// `CellValue`): a checkbox takes yes/no words, a signature a path, a data URL or a typed name.
    case text(String)
    /// A JSON value other than a string: true or false, a number, or an object such as
    /// `{"strokes": [...]}`, taken as `values.json` takes it.
    case value(StampValue)
}

/// One row of a data file.
package struct BatchRow: Hashable, Sendable {
    /// 1-based: the first data row is 1 (a header and blank lines are not counted).
    package var number: Int
    /// The line of the file the row starts on.
    package var line: Int
    /// The row's values by column (CSV, TSV) or key (JSON Lines); empty cells are left out.
    package var cells: [String: RowCell]
    /// Why the row cannot be used as it is, when it cannot.
    package var problem: String?
}

/// The data file formats, chosen by the file's extension.
package enum DataFormat: String, Sendable {
    /// Comma-separated, with a header row: `.csv`.
    case csv
    /// Tab-separated, with a header row: `.tsv` or `.tab`.
    case tsv
    /// One JSON object per line: `.jsonl` or `.ndjson`.
    case jsonl

    /// The format of `path`, from its extension.
    package init(path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "jsonl", "ndjson": self = .jsonl
        default:
            throw SignetError(.invalidInput, "\(path): the data file must be .csv, .tsv or .jsonl (one JSON object per line)")
        }
    }
}

/// Streams the rows of a data file: the header first (CSV, TSV), then one row at a time, so
/// memory stays the same however long the file is.
package final class RowReader {
    /// The file's format.
    package let format: DataFormat
    /// The header's column names (CSV, TSV); nil for JSON Lines, whose rows name their keys.
    package let columns: [String]?
    private let delimited: DelimitedReader?
    private let jsonLines: JSONLinesReader?
    private var count = 0

    /// Opens `path` and reads its header. Throws when the header is missing or unusable.
    package init(path: String, chunkSize: Int = 64 * 1024) throws {
        format = try DataFormat(path: path)
        switch format {
        case .jsonl:
            jsonLines = try JSONLinesReader(path: path, chunkSize: chunkSize)
            delimited = nil
            columns = nil
        case .csv, .tsv:
            let reader = try DelimitedReader(path: path, dialect: format == .csv ? .csv : .tsv, chunkSize: chunkSize)
            guard let header = try reader.next() else {
                throw SignetError(.invalidInput, "\(path) is empty: it needs a header row naming the columns")
            }
            if let problem = header.problem { throw SignetError(.invalidInput, "\(path): the header: \(problem)") }
            let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
            if let blank = names.firstIndex(of: "") {
                throw SignetError(.invalidInput, "\(path): column \(blank + 1) of the header has no name")
            }
            let repeated = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            guard repeated.isEmpty else {
                throw SignetError(.invalidInput, "\(path): the header names \(repeated.map { "'\($0)'" }.joined(separator: ", ")) twice")
            }
            delimited = reader
            jsonLines = nil
            columns = names
        }
    }

    /// The next row, or nil at the end of the file.
    package func next() throws -> BatchRow? {
        if let jsonLines {
            guard let record = try jsonLines.next() else { return nil }
            count += 1
            let cells = record.cells.filter { $0.value != .text("") }
            return BatchRow(number: count, line: record.line, cells: cells, problem: record.problem)
        }
        guard let delimited, let columns, let record = try delimited.next() else { return nil }
        count += 1
        var cells: [String: RowCell] = [:]
        for (name, text) in zip(columns, record.cells) where !text.isEmpty {
            cells[name] = .text(text)
        }
        var problem = record.problem
        if problem == nil && record.cells.count != columns.count {
            let hint = format == .csv ? "a cell holding a comma needs quotes" : "a cell cannot hold a tab"
            problem = "the row has \(record.cells.count) cells but the header names \(columns.count) columns (\(hint))"
        }
        return BatchRow(number: count, line: record.line, cells: cells, problem: problem)
    }
}

@available(*, unavailable)
extension RowReader: Sendable {}
