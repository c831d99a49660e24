import Foundation
import SignetModel
import SignetSessions
import SignetStore

/// A batch job as the API shows it, with its live progress while it runs.
public struct JobView: Encodable, Sendable {
    public var id: String
    public var kind: String
    public var template: String
    public var dryRun: Bool
    public var state: String
    public var rows: Int
    public var done: Int
    public var failed: Int
    public var error: String?
    public var createdAt: Date
    public var finishedAt: Date?
    /// For a fill job: the stage it drew, and exactly which template version.
    public var stage: String?
    public var templateVersion: Int?
    public var templateHash: String?

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
