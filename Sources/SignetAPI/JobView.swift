import Foundation
import SignetModel
import SignetSessions
import SignetStore

/// A batch job as the API shows it, with its live progress while it runs.
package struct JobView: Encodable, Sendable {
    package var id: String
    package var kind: String
    package var template: String
    package var dryRun: Bool
    package var state: String
    package var rows: Int
    package var done: Int
    package var failed: Int
    package var error: String?
    package var createdAt: Date
    package var finishedAt: Date?
    /// For a fill job: the stage it drew, and exactly which template version.
    package var stage: String?
    package var templateVersion: Int?
    package var templateHash: String?

    package init(_ job: BatchJobRecord, live: BatchJobRunner.Progress?) {
        id = job.id
        kind = job.kind.rawValue
        template = job.template
        dryRun = job.dryRun
        state = (live?.state ?? job.state).rawValue
        rows = live?.rows ?? job.rows
        done = live?.done ?? job.done
        failed = live?.failed ?? job.failed
        error = job.error
        createdAt = job.createdAt
        finishedAt = job.finishedAt
        stage = job.stage
        templateVersion = job.templateVersion
        templateHash = job.templateHash
    }
}
