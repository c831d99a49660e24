import Foundation
import SignetModel

/// Admin-defined workflows on PostgreSQL (`Workflows`' rules). Names are unique regardless of
/// case (`lower(name)`, SQLite's NOCASE), searched with ILIKE and listed by their lower case.
struct PostgresWorkflows: WorkflowRepository {
    let store: PostgresStore

    func create(name: String, description: String, steps: [WorkflowStep], by user: UserRecord, now: Date) async throws -> WorkflowRecord {
        let record = WorkflowRecord(
            id: UUID().uuidString.lowercased(), name: name.trimmingCharacters(in: .whitespaces), description: description, steps: steps,
            createdBy: user.id, createdAt: SQLValue.milliseconds(now), updatedAt: SQLValue.milliseconds(now))
        try Workflows.checkName(record.name)
        do {
            try await store.write { sql in try await sql.insert(record, into: "workflow") }
        } catch is StoreDuplicate {
            throw Workflows.nameTaken(record.name)
        }
        return record
    }

    func update(_ id: String, name: String, description: String, steps: [WorkflowStep], now: Date) async throws -> WorkflowRecord {
        let name = name.trimmingCharacters(in: .whitespaces)
        do {
            return try await store.write { sql in
                guard
                    var record = try await sql.fetchOne(
                        WorkflowRecord.self, #"SELECT * FROM "workflow" WHERE "id" = $1 FOR UPDATE"#, [.text(id)])
                else { throw SignetError(.invalidInput, "there is no workflow \(id)", field: "id") }
                record.name = name
                try Workflows.checkName(record.name)
                record.description = description
                record.steps = steps
                record.updatedAt = SQLValue.milliseconds(now)
                try await sql.update(record, in: "workflow")
                return record
            }
        } catch is StoreDuplicate {
            throw Workflows.nameTaken(name)
        }
    }

    func delete(_ id: String) async throws -> Bool {
        try await store.write { sql in
            try await !sql.execute(#"DELETE FROM "workflow" WHERE "id" = $1 RETURNING "id""#, [.text(id)]).isEmpty
        }
    }

    func list(search: String?) async throws -> [WorkflowRecord] {
        try await store.read { sql in
            if let search, !search.isEmpty {
                return try await sql.fetchAll(
                    WorkflowRecord.self, #"SELECT * FROM "workflow" WHERE "name" ILIKE $1 ORDER BY lower("name"), "id""#,
                    [.text("%\(search)%")])
            }
            return try await sql.fetchAll(WorkflowRecord.self, #"SELECT * FROM "workflow" ORDER BY lower("name"), "id""#)
        }
    }

    func find(_ id: String) async throws -> WorkflowRecord? {
        try await store.read { sql in try await sql.fetchOne(WorkflowRecord.self, #"SELECT * FROM "workflow" WHERE "id" = $1"#, [.text(id)])
        }
    }
}

/// Admin settings on PostgreSQL (`Settings`).
struct PostgresSettings: SettingsRepository {
    let store: PostgresStore

    func defaultReminders() async throws -> ReminderPlan? {
        try await store.read { sql in try await Self.defaultReminders(sql) }
    }

    static func defaultReminders(_ sql: SQLConnection) async throws -> ReminderPlan? {
        guard let json = try await sql.value(String.self, #"SELECT "value" FROM "setting" WHERE "key" = $1"#, [.text(Settings.reminderKey)])
        else { return nil }
        let plan = try JSONDecoder().decode(ReminderPlan.self, from: Data(json.utf8))
        return plan.max > 0 ? plan : nil
    }

    func setDefaultReminders(_ plan: ReminderPlan?, now: Date) async throws {
        try await store.write { sql in
            guard let plan, plan.max > 0 else {
                try await sql.execute(#"DELETE FROM "setting" WHERE "key" = $1"#, [.text(Settings.reminderKey)])
                return
            }
            let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
            try await sql.execute(
                #"""
                INSERT INTO "setting" ("key", "value", "updatedAt") VALUES ($1, $2, $3)
                ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"
                """#, [.text(Settings.reminderKey), .text(json), .date(now)])
        }
    }
}
