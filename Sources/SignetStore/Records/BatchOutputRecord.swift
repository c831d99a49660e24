import Foundation
import GRDB

/// One PDF a fill job wrote: which row, under what name, with which SHA-256. Kept in the
/// store, since the job's files are removed after the retention period.
package struct BatchOutputRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "batchOutput"

    /// The columns, for queries (never spelled as strings).
    package enum Columns {
        package static let jobId = Column(CodingKeys.jobId)
        package static let row = Column(CodingKeys.row)
        package static let file = Column(CodingKeys.file)
        package static let sha256 = Column(CodingKeys.sha256)
    }

    package var jobId: String
    package var row: Int
    package var file: String
    package var sha256: String

    /// Creates a record.
    package init(jobId: String, row: Int, file: String, sha256: String) {
        self.jobId = jobId
        self.row = row
        self.file = file
        self.sha256 = sha256
    }
}
