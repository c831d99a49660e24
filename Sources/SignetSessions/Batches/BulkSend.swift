import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// One new session per row: the customer's name and contact from their columns, the
/// template's agent values from the rest. A dry run checks every row the same way and sends
/// nothing; the report says, per row, the session it became or every problem.
package struct BulkSend: Sendable {
    /// Which columns hold the customer.
    package struct Columns: Sendable, Codable {
        package var name = "name"
        package var phone = "phone"
        package var email = "email"
        package var channel = SessionRecord.Channel.email

        package init() {}

        var all: Set<String> { [name, phone, email] }
    }

    /// One line of `report.jsonl`.
    struct Line: Codable {
        enum Status: String, Codable { case sent, valid, failed }
        var row: Int
        var line: Int
        var status: Status
        var session: String?
        var problems: [FieldProblem]?
        var error: String?
    }

    let services: SignetServices
    let user: UserRecord
    let actor: Actor
    let template: CheckedTemplate
    let columns: Columns
    let mapping: ColumnMapping
    let dryRun: Bool

    package init(
        services: SignetServices, user: UserRecord, actor: Actor, template: CheckedTemplate, columns: Columns, mapping: ColumnMapping,
        dryRun: Bool
    ) {
        self.services = services
        self.user = user
        self.actor = actor
        self.template = template
        self.columns = columns
        self.mapping = mapping
        self.dryRun = dryRun
    }

    /// Sends (or checks) every row, writing a report line as each ends. `resume`: an earlier
    /// claim handed the job on; the rows its report lists are done and not sent again.
    func run(
        rows path: String, into out: String, resume: Bool = false, progress: @escaping @Sendable (BatchJobRunner.Progress) -> Void
    ) async throws -> BatchJobRunner.Progress {
        let counting = try RowReader(path: path)
        var total = 0
        while try counting.next() != nil { total += 1 }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let earlier = resume ? try Self.reported(out + "/report.jsonl") : []
        guard resume || FileManager.default.createFile(atPath: out + "/report.jsonl", contents: nil),
            let report = FileHandle(forWritingAtPath: out + "/report.jsonl")
        else { throw SignetError(.io, "cannot write the report") }
        defer { try? report.close() }
        try report.seekToEnd()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

        let rows = try RowReader(path: path)
        let done = Set(earlier.map(\.row))
        var counts = BatchJobRunner.Progress(
            state: .running, rows: total, done: done.count, failed: earlier.filter { $0.status == .failed }.count)
        progress(counts)
        while let row = try rows.next() {
            guard !done.contains(row.number) else { continue }
            // Between two rows, never within one: a shutdown hands the job on with a report
            // that names every session sent.
            try Task.checkCancellation()
            // A row once begun ends even if the job is cancelled meanwhile (a task of its own does
            // not inherit the cancellation): its session is sent and reported, or not made.
            let line = await Task { await handle(row) }.value
            try report.write(contentsOf: try encoder.encode(line) + [0x0A])
            counts.done += 1
            if line.status == .failed { counts.failed += 1 }
            progress(counts)
        }
        let summary: [String: String] = [
            "template": template.folder.identity.slug, "contentHash": template.folder.identity.contentHash, "rows": String(total),
            "failed": String(counts.failed), dryRun ? "valid" : "sent": String(counts.done - counts.failed), "dryRun": String(dryRun),
        ]
        try encoder.encode(summary).write(to: URL(fileURLWithPath: out + "/summary.json"))
        return counts
    }

    /// The lines of an earlier run's report; a last line cut short (a dry run's instance died
    /// while writing it) is removed, so that row is checked again.
    static func reported(_ path: String) throws -> [Line] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let whole = data.lastIndex(of: 0x0A).map { data.startIndex..<($0 + 1) } ?? data.startIndex..<data.startIndex
        if whole.count < data.count {
            guard truncate(path, off_t(whole.count)) == 0 else { throw SignetError(.io, "cannot repair the report") }
        }
        let decoder = JSONDecoder()
        return try data[whole].split(separator: 0x0A).map { try decoder.decode(Line.self, from: Data($0)) }
    }

    private func handle(_ row: BatchRow) async -> Line {
        var line = Line(row: row.number, line: row.line, status: .failed)
        if let problem = row.problem {
            line.error = problem
            return line
        }
        // Each row's values meet the template's patterns: off the cooperative threads.
        let checked = try? await offload { read(row) }
        guard case let (contact, values, problems)? = checked else {
            line.error = "the row could not be checked"
            return line
        }
        guard problems.isEmpty else {
            line.problems = problems
            return line
        }
        guard !dryRun else {
            line.status = .valid
            return line
        }
        do {
            // Pre-planned first, so the invitation goes out only once the document is in.
            let session = try await services.sessions.create(agent: user, customer: contact, invite: false, by: actor)
            let spec = InteractionComposer.DocumentSpec(values: values)
            let draft = try await InteractionComposer(services: services).templateDocument(template, spec: spec, prefix: "")
            _ = try await services.interactions.add(draft, session: session.id, by: actor)
            _ = try await services.sessions.invite(session.id, by: actor)
            line.status = .sent
            line.session = session.id
        } catch let failure as FieldProblems {
            line.problems = failure.problems
        } catch {
            line.error = (error as? SignetError)?.message ?? "the session could not be created"
        }
        return line
    }

    /// The row's customer and agent values, with every problem: the contact's named by its
    /// column, the values' by field id.
    private func read(_ row: BatchRow) -> (CustomerContact, [String: StampValue], [FieldProblem]) {
        func text(_ column: String) -> String? {
            switch row.cells[column] {
            case .text(let s)?, .value(.text(let s))?: return s
            default: return nil
            }
        }
        let contact = CustomerContact(
            name: text(columns.name) ?? "", phone: text(columns.phone), email: text(columns.email), channel: columns.channel)
        let renamed = ["name": columns.name, "phone": columns.phone, "email": columns.email]
        var problems = contact.problems.map { FieldProblem(field: renamed[$0.field] ?? $0.field, label: $0.label, reason: $0.reason) }
        let fields = Dictionary(template.fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var values: [String: StampValue] = [:]
        for (column, cell) in row.cells where !columns.all.contains(column) {
            guard let id = mapping.field(forColumn: column) else { continue }
            // Nothing here may name a file: relative paths resolve nowhere and are refused.
            values[id] = CellValue.value(cell, for: fields[id], relativeTo: "/nonexistent")
        }
        if case .failure(let failure) = FillCheck.send(template.fields, agentValues: values, images: .dataURLsOnly) {
            problems += failure.problems
        }
        return (contact, values, problems)
    }
}
