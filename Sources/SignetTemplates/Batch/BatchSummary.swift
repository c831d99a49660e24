import Foundation
import SignetFiles
import SignetModel

/// `summary.json` of an output folder: which template and data a batch ran with, and how far
/// it got. Written when a run starts (so a resume can tell it continues the same batch) and
/// again when it ends.
public struct BatchSummary: Codable, Hashable, Sendable {
    /// Whether the run ended.
    public enum State: String, Codable, Hashable, Sendable {
        case running, finished
    }

    /// Exactly which template version filled the rows.
    public var template: TemplateIdentity
    /// The data file, as given.
    public var data: String
    /// SHA-256 of the data file: a resume refuses different data.
    public var dataSHA256: String
    /// The column mapping.
    public var mapping: ColumnMapping
    /// The column that names the PDFs, if one does.
    public var nameColumn: String?
    /// `send` or `finish`.
    public var stage: FillCheck.Stage
    /// Whether rows were only validated.
    public var dryRun: Bool
    /// Running, or finished.
    public var state: State
    /// Rows in the data file.
    public var rows: Int
    /// PDFs written by this run.
    public var written: Int
    /// Rows found valid (dry run).
    public var valid: Int
    /// Rows that failed.
    public var failed: Int
    /// Rows already done by an interrupted run, skipped by `--resume`.
    public var skipped: Int
    /// Workers used.
    public var jobs: Int
    /// When the run started (ISO 8601).
    public var startedAt: String
    /// Seconds the run took.
    public var seconds: Double
    /// Rows handled per second by this run (skipped rows not counted).
    public var rowsPerSecond: Double
    /// The highest peak resident memory of any worker, in MiB, when known.
    public var workerPeakMB: Double?

    /// The summary's file in an output folder.
    public static func path(in folder: String) -> String { folder + "/summary.json" }

    /// Reads the summary an earlier run left in `folder`, if any.
    public static func load(from folder: String) throws -> BatchSummary? {
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
