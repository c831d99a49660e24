import Foundation
import GRDB

/// One PDF a fill job wrote: which row, under what name, with which SHA-256. Kept in the
/// store, since the job's files are removed after the retention period.
public struct BatchOutputRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "batchOutput"

    /// The columns, for queries (never spelled as strings).
    public enum Columns {
        public static let jobId = Column(CodingKeys.jobId)
        public static let row = Column(CodingKeys.row)
        public static let file = Column(CodingKeys.file)
        public static let sha256 = Column(CodingKeys.sha256)
    }

    public var jobId: String
    public var row: Int
    public var file: String
    public var sha256: String

    /// Creates a record.
    public init(jobId: String, row: Int, file: String, sha256: String) {
        self.jobId = jobId
        self.row = row
        self.file = file
        self.sha256 = sha256
    }
}
