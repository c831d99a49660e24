import Foundation
import SignetModel

/// Which field each column of a data file fills. A column named like a field id fills that
/// field; a mapping file names the others: `{"Customer name": "full_name", "Notes": null}`,
/// where null means the column is not for the document.
package struct ColumnMapping: Hashable, Sendable, Codable {
    /// Columns renamed to a field id.
    package private(set) var renamed: [String: String]
    /// Columns that fill nothing.
    package private(set) var ignored: Set<String>

    /// Creates a mapping.
    package init(renamed: [String: String] = [:], ignored: Set<String> = []) {
        self.renamed = renamed
        self.ignored = ignored
    }

    /// A mapping written `Column:field_id,Other:` (an empty field leaves the column out), as a
    /// batch job's `map` query parameter gives it; empty, no mapping.
    package init(pairs raw: String) throws {
        var renamed: [String: String] = [:]
        var ignored: Set<String> = []
        for pair in raw.split(separator: ",") {
            let parts = pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw SignetError(.invalidInput, "map is a list of column:field pairs, e.g. Name:full_name,Notes:", field: "map")
            }
            if parts[1].isEmpty { ignored.insert(parts[0]) } else { renamed[parts[0]] = parts[1] }
        }
        self.init(renamed: renamed, ignored: ignored)
    }

    /// Reads a mapping file.
    package static func load(_ path: String) throws -> ColumnMapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SignetError(.io, "cannot read the mapping file \(path)")
        }
        do {
            return try JSONDecoder().decode(ColumnMapping.self, from: data)
        } catch {
            throw SignetError(.invalidInput, "\(path): \(JSONProblem.describe(error))")
        }
    }

    /// The field `column` fills, or nil when it is ignored.
    package func field(forColumn column: String) -> String? {
        ignored.contains(column) ? nil : renamed[column] ?? column
    }

    /// Problems of the mapping against the template, and of a header (CSV, TSV) against both:
    /// every column must fill a field or be ignored, no two columns may fill one field, and
    /// every mapped name must be a field id. Listed together, so one attempt shows them all.
    package func problems(fields: [FieldDefinition], columns: [String]?, nameColumn: String?) -> [String] {
        let ids = Set(fields.map(\.id))
        var problems = renamed.filter { !ids.contains($0.value) }.keys.sorted().map {
            "the mapping sends column '\($0)' to '\(renamed[$0]!)', which is not a field of the template"
        }
        guard let columns else { return problems }
        var filledBy: [String: String] = [:]
        for column in columns where column != nameColumn {
            guard let id = field(forColumn: column) else { continue }
            if !ids.contains(id) {
                if renamed[column] == nil {
                    problems.append(
                        "column '\(column)' is not a field id of the template; map it to one in a mapping file, or to null to leave it out")
                }
            } else if let other = filledBy[id] {
                problems.append("columns '\(other)' and '\(column)' both fill the field '\(id)'")
            } else {
                filledBy[id] = column
            }
        }
        if let nameColumn, !columns.contains(nameColumn) {
            problems.append("the name column '\(nameColumn)' is not in the header")
        }
        return problems
    }

    package init(from decoder: Decoder) throws {
        let object = try decoder.singleValueContainer().decode([String: String?].self)
        self.init(renamed: object.compactMapValues { $0 }, ignored: Set(object.filter { $0.value == nil }.keys))
    }

    package func encode(to encoder: Encoder) throws {
        var object: [String: String?] = renamed.mapValues { $0 }
        for column in ignored { object[column] = .some(nil) }
        var c = encoder.singleValueContainer()
        try c.encode(object)
    }
}
