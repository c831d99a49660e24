import Foundation
import SignetModel
import Testing

@testable import SignetTemplates

/// The data files of a batch, read as spreadsheets and pipelines write them.
@Suite("Reading data rows")
struct RowReaderTests {
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = Fixtures.scratch() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    func rows(_ path: String, chunkSize: Int = 64 * 1024) throws -> [BatchRow] {
        let reader = try RowReader(path: path, chunkSize: chunkSize)
        var rows: [BatchRow] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    static let spreadsheet =
        "\u{FEFF}name,address,note\r\n"
        + "\"Okafor, Amara\",\"Flat 3\r\nLeith\",\"She said \"\"yes\"\"\"\r\n"
        + "\r\n"
        + "Jan Müller,,plain\r\n"
        + "Last,\"no newline\",at end"

    @Test("CSV: byte order mark, quoted commas and line breaks, doubled quotes, CRLF, blank lines; the same in any chunk size")
    func csv() throws {
        let path = try file("rows.csv", Self.spreadsheet)
        let expected = try rows(path)
        #expect(try RowReader(path: path).columns == ["name", "address", "note"])
        #expect(expected.map(\.number) == [1, 2, 3])
        #expect(expected.map(\.line) == [2, 5, 6])
        #expect(
            expected[0].cells == ["name": .text("Okafor, Amara"), "address": .text("Flat 3\nLeith"), "note": .text("She said \"yes\"")])
        #expect(expected[1].cells == ["name": .text("Jan Müller"), "note": .text("plain")])  // an empty cell is no value
        #expect(expected[2].cells["note"] == .text("at end"))
        #expect(expected.allSatisfy { $0.problem == nil })
        // Records, quotes, CRLF and the UTF-8 of "ü" cut across chunk boundaries read the same.
        for size in [1, 2, 3, 5, 7, 13] {
            #expect(try rows(path, chunkSize: size) == expected, "chunk size \(size)")
        }
    }

    @Test("CSV: a row with a wrong number of cells, text after a closing quote, or bytes that are not UTF-8 fails alone")
    func badRows() throws {
        var bytes = Array("a,b\n1,2,3\n\"x\"y,2\n".utf8)
        bytes += [0x66, 0xE9, 0x65, 0x2C, 0x32, 0x0A]  // "fée" in Latin-1
        bytes += Array("ok,fine\n\"open,2\n".utf8)
        let read = try rows(try file("bad.csv", bytes))
        #expect(read.count == 5)
        #expect(read[0].problem?.contains("the row has 3 cells but the header names 2 columns") == true)
        #expect(read[1].problem?.contains("goes on after its closing quote") == true)
        #expect(read[2].problem?.contains("not UTF-8") == true)
        #expect(read[3].problem == nil && read[3].cells == ["a": .text("ok"), "b": .text("fine")])
        #expect(read[4].problem?.contains("not closed before the end of the file") == true)
    }

    @Test("TSV has no quoting: a quote is an ordinary character")
    func tsv() throws {
        let read = try rows(try file("rows.tsv", "name\tnote\n\"Bob\" Smith\t5\" screen\n"))
        #expect(read.first?.cells == ["name": .text("\"Bob\" Smith"), "note": .text("5\" screen")])
    }

    @Test("JSON Lines: strings, numbers, booleans, objects and nulls; a line that is not an object fails alone")
    func jsonLines() throws {
        let text = """
            {"name": "Amara", "amount": 25000, "agree": true, "sig": {"typed": "A. O."}, "note": null}

            not json
            {"name": ""}
            """
        let read = try rows(try file("rows.jsonl", "\u{FEFF}" + text + "\n"))
        #expect(read.count == 3)
        #expect(
            read[0].cells == [
                "name": .text("Amara"), "amount": .value(.text("25000")), "agree": .value(.checked(true)),
                "sig": .value(.typed("A. O.")),
            ])
        #expect(read[1].line == 3 && read[1].problem?.contains("line 3 is not a JSON object") == true)
        #expect(read[2].cells.isEmpty && read[2].number == 3)
    }

    @Test("a header must name every column once; the format follows the extension")
    func headers() throws {
        #expect(throws: SignetError.self) { try RowReader(path: try file("empty.csv", "")) }
        #expect { try RowReader(path: try file("blank.csv", "a,,c\n")) } throws: { "\($0)".contains("column 2 of the header has no name") }
        #expect { try RowReader(path: try file("twice.csv", "a,b,a\n")) } throws: { "\($0)".contains("'a' twice") }
        #expect { try RowReader(path: try file("rows.xlsx", "a\n")) } throws: { "\($0)".contains(".csv, .tsv or .jsonl") }
    }

    @Test("a row longer than the limit stops the file instead of eating the memory")
    func runaway() throws {
        let path = try file("open.csv", "a\n\"" + String(repeating: "x", count: 5000))
        let reader = try DelimitedReader(path: path, dialect: .csv, maxRecordBytes: 4096)
        #expect(try reader.next()?.cells == ["a"])
        #expect { try reader.next() } throws: { "\($0)".contains("longer than 4096 bytes; is a quote left open?") }
    }
}
