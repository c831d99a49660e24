import Foundation
import SignetModel

/// Reads delimited text one record at a time, streaming: CSV as spreadsheets write it (RFC 4180:
/// quoted cells holding commas, line breaks and doubled quotes; CRLF or LF line ends; a UTF-8
/// byte order mark) and TSV (tab-separated, no quoting: a quote is just a character).
///
/// A record that cannot be read exactly (a quote left open at the end of the file, text after
/// a closing quote, bytes that are not UTF-8) still comes back, with `problem` set, so one
/// bad row never stops the rows after it.
final class DelimitedReader {
    /// The two dialects.
    enum Dialect {
        case csv, tsv
    }

    /// One record: its cells, the line it starts on (1-based), and why it is suspect.
    struct Record {
        var cells: [String]
        var line: Int
        var problem: String?
    }

    /// A record longer than this is refused as a whole-file error: it is almost always a quote
    /// left open, swallowing the rest of the file, and it must not swallow all memory too.
    /// (Large enough for a signature image written into a cell as a data URL.)
    static let recordLimit = 16 * 1024 * 1024

    private enum State {
        case cellStart, unquoted, quoted, quoteInQuoted, afterQuoted
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    private let chunks: FileChunks
    private let maxRecordBytes: Int
    private let quoting: Bool
    private let delimiter: UInt8
    private var pending: [UInt8] = []
    private var offset = 0
    private var atEnd = false
    private var started = false
    private var line = 1
    private var swallowLF = false

    // The record being read.
    private var cells: [String] = []
    private var cell: [UInt8] = []
    private var state = State.cellStart
    private var problem: String?
    private var validUTF8 = true
    private var recordBytes = 0
    private var recordLine = 1

    /// Opens `path`; `chunkSize` only matters to tests that cut records across chunks.
    init(path: String, dialect: Dialect, chunkSize: Int = 64 * 1024, maxRecordBytes: Int = recordLimit) throws {
        chunks = try FileChunks(path: path, chunkSize: chunkSize)
        self.maxRecordBytes = maxRecordBytes
        quoting = dialect == .csv
        delimiter = dialect == .csv ? UInt8(ascii: ",") : UInt8(ascii: "\t")
    }

    /// The next record with at least one non-empty cell (blank lines are skipped), or nil at
    /// the end of the file.
    func next() throws -> Record? {
        while let record = try readRecord() {
            if record.cells.count == 1 && record.cells[0].isEmpty && record.problem == nil { continue }
            return record
        }
        return nil
    }

    private func readRecord() throws -> Record? {
        cells.removeAll()
        state = .cellStart
        problem = nil
        validUTF8 = true
        recordBytes = 0
        recordLine = line
        while true {
            if offset >= pending.count {
                guard try refill() else {
                    if state == .cellStart && cells.isEmpty && recordBytes == 0 { return nil }
                    if state == .quoted {
                        problem = "a quoted cell that starts on line \(recordLine) is not closed before the end of the file"
                    }
                    return finishRecord()
                }
            }
            let byte = pending[offset]
            offset += 1
            recordBytes += 1
            guard recordBytes <= maxRecordBytes else {
                throw SignetError(
                    .invalidInput,
                    "the row that starts on line \(recordLine) is longer than \(maxRecordBytes) bytes; is a quote left open?")
            }
            // Line ends are CR LF, LF or a lone CR, counted wherever they are, quoted or not.
            if byte == Self.lf && swallowLF {
                swallowLF = false
                continue
            }
            swallowLF = byte == Self.cr
            let newline = byte == Self.lf || byte == Self.cr
            if newline { line += 1 }

            switch state {
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    cell.append(newline ? Self.lf : byte)  // CRLF inside a cell becomes one line break
                }
            case .quoteInQuoted where byte == Self.quote:
                cell.append(byte)
                state = .quoted
            case .quoteInQuoted:
                state = .afterQuoted
                if unquoted(byte, newline: newline) { return finishRecord() }
            case .cellStart, .unquoted, .afterQuoted:
                if unquoted(byte, newline: newline) { return finishRecord() }
            }
        }
    }

    /// A byte outside quotes: a delimiter, a line end (returns true: the record is complete),
    /// an opening quote, or text.
    private func unquoted(_ byte: UInt8, newline: Bool) -> Bool {
        if newline { return true }
        if byte == delimiter {
            endCell()
            state = .cellStart
        } else if quoting && byte == Self.quote && state == .cellStart {
            state = .quoted
        } else {
            if state == .afterQuoted && problem == nil {
                problem = "on line \(line), a quoted cell goes on after its closing quote; write a quote inside quotes as \"\""
            }
            cell.append(byte)
            if state == .cellStart { state = .unquoted }
        }
        return false
    }

    private func endCell() {
        if let text = String(validating: cell, as: UTF8.self) {
            cells.append(text)
        } else {
            validUTF8 = false
            cells.append(String(decoding: cell, as: UTF8.self))
        }
        cell.removeAll(keepingCapacity: true)
    }

    private func finishRecord() -> Record {
        endCell()
        if !validUTF8 && problem == nil {
            problem = "the row on line \(recordLine) is not UTF-8 text; save the file as UTF-8"
        }
        return Record(cells: cells, line: recordLine, problem: problem)
    }

    /// Reads the next chunk; false at the end of the file. Skips a byte order mark at the start
    /// (reading at least its three bytes first, however small the chunks).
    private func refill() throws -> Bool {
        repeat {
            pending.removeAll(keepingCapacity: true)
            offset = 0
            while !atEnd && (pending.isEmpty || !started && pending.count < 3) {
                atEnd = try !chunks.next { pending.append(contentsOf: $0) }
            }
            if !started {
                started = true
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
            }
        } while offset >= pending.count && !atEnd
        return offset < pending.count
    }
}

@available(*, unavailable)
extension DelimitedReader: Sendable {}
