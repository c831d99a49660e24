import ArgumentParser
import Foundation
import SignetCommandLine
import SignetModel
import SignetStore

/// `signet audit`: checks of the service's stored evidence.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the service's stored record.", subcommands: [Verify.self])

    /// `signet audit verify --data DIR` (or `--database postgres://…`): walks the hash-chained
    /// record of `<DIR>/signet.sqlite` (opened read-only) or of the PostgreSQL database (read in
    /// one snapshot, nothing migrated) and exits 0 when it is intact, 3 naming the first row that
    /// does not match.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify the hash-chained record: exit 0 when intact, 3 naming the first row that was edited, deleted or inserted.")

        @Option(help: "Data folder (env SIGNET_DATA).") var data = ProcessInfo.processInfo.environment["SIGNET_DATA"] ?? "data"
        @Option(
            name: .customLong("database"),
            help:
                "The service's PostgreSQL database, postgres://user@host:port/database (env SIGNET_DATABASE_URL); default SQLite in the data folder."
        )
        var database = ProcessInfo.processInfo.environment["SIGNET_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        @Flag(help: "Print the result as JSON.") var json = false

        struct Answer: Encodable {
            var intact: Bool
            var rows: Int
            var headId: Int64?
            var headHash: String?
            var brokenRow: Int64?
            var reason: String?
        }

        func run() async throws {
            let report: RecordAudit.Report
            do {
                if let database {
                    report = try await RecordAudit.verify(databaseURL: database)
                } else {
                    report = try RecordAudit.verify(databaseAt: data + "/signet.sqlite")
                }
            } catch let error as SignetError {
                throw Output.fail(error, json: json)
            } catch {
                throw Output.fail(SignetError(.io, "cannot read the record: \(error)"), json: json)
            }
            if json {
                try Output.json(
                    Answer(
                        intact: report.intact, rows: report.rows, headId: report.headId, headHash: report.headHash,
                        brokenRow: report.problem?.row, reason: report.problem?.reason))
            }
            if let problem = report.problem {
                if !json { print("record broken at \(problem)") }
                throw ExitCode(3)
            }
            if !json {
                print(
                    "record intact: \(report.rows) rows, head \(report.headHash.map { "\($0) (row \(report.headId!))" } ?? "none (empty)")")
            }
        }
    }
}
