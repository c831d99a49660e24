import Foundation
import SignetFiles
import SignetModel

/// `summary.json` of an output folder: which template and data a batch ran with, and how far
/// it got. Written when a run starts (so a resume can tell it continues the same batch) and
/// again when it ends.
package struct BatchSummary: Codable, Hashable, Sendable {
    /// Whether the run ended.
    package enum State: String, Codable, Hashable, Sendable {
        case running, finished
    }

    /// Exactly which template version filled the rows.
    package var template: TemplateIdentity
    /// The data file, as given.
    package var data: String
    /// SHA-256 of the data file: a resume refuses different data.
    package var dataSHA256: String
    /// The column mapping.
    package var mapping: ColumnMapping
    /// The column that names the PDFs, if one does.
    package var nameColumn: String?
    /// `send` or `finish`.
    package var stage: FillCheck.Stage
    /// Whether rows were only validated.
    package var dryRun: Bool
    /// Running, or finished.
    package var state: State
    /// Rows in the data file.
    package var rows: Int
    /// PDFs written by this run.
    package var written: Int
    /// Rows found valid (dry run).
    package var valid: Int
    /// Rows that failed.
    package var failed: Int
    /// Rows already done by an interrupted run, skipped by `--resume`.
    package var skipped: Int
    /// Workers used.
    package var jobs: Int
    /// When the run started (ISO 8601).
    package var startedAt: String
    /// Seconds the run took.
    package var seconds: Double
    /// Rows handled per second by this run (skipped rows not counted).
    package var rowsPerSecond: Double
    /// The highest peak resident memory of any worker, in MiB, when known.
    package var workerPeakMB: Double?

    /// The summary's file in an output folder.
    package static func path(in folder: String) -> String { folder + "/summary.json" }

    /// Reads the summary an earlier run left in `folder`, if any.
    package static func load(from folder: String) throws -> BatchSummary? {
        guard let data = FileManager.default.contents(atPath: path(in: folder)) else { return nil }
        do {
            return try JSONDecoder().decode(BatchSummary.self, from: data)
        } catch {
            throw SignetError(.invalidInput, "\(path(in: folder)): \(JSONProblem.describe(error))")
        }
    }

    /// Writes the summary into `folder`, atomically.
    func write(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(self)) + [10], to: Self.path(in: folder))
    }

    /// Why a run with this summary cannot continue `earlier`, or nil when it can.
    func mismatch(with earlier: BatchSummary) -> String? {
        if earlier.template.contentHash != template.contentHash {
            return "the template changed (\(earlier.template.contentHash) then, \(template.contentHash) now)"
        }
        if earlier.dataSHA256 != dataSHA256 { return "the data file is not the same (its SHA-256 differs)" }
        if earlier.stage != stage { return "the earlier run filled for --stage \(earlier.stage.rawValue)" }
        if earlier.mapping != mapping { return "the column mapping differs" }
        if earlier.nameColumn != nameColumn { return "the name column differs" }
        return nil
    }
}
