import Foundation
import GRDB
import SignetModel

/// Admin-defined workflows: named sequences of steps, kept in the database. Checking a step
/// against the templates is the caller's job (the store does not read template folders).
package struct Workflows: Sendable {
    let store: Store

    /// Creates the service.
    package init(store: Store) { self.store = store }

    /// Saves a new workflow; a taken name is a per-field problem.
    package func create(name: String, description: String, steps: [WorkflowStep], by user: UserRecord, now: Date = Date()) async throws
        -> WorkflowRecord
    {
        let record = WorkflowRecord(
            id: UUID().uuidString.lowercased(), name: name.trimmingCharacters(in: .whitespaces), description: description, steps: steps,
            createdBy: user.id, createdAt: now, updatedAt: now)
        return try await store.write { db in
            try Self.checkName(db, record.name, except: nil)
            try record.insert(db)
            return record
        }
    }

    /// Replaces a workflow's name, description and steps. Sessions it was already sent to
    /// keep the steps they were sent.
    package func update(_ id: String, name: String, description: String, steps: [WorkflowStep], now: Date = Date()) async throws
        -> WorkflowRecord
    {
        try await store.write { db in
            guard var record = try WorkflowRecord.fetchOne(db, key: id) else {
                throw SignetError(.invalidInput, "there is no workflow \(id)", field: "id")
            }
            record.name = name.trimmingCharacters(in: .whitespaces)
            try Self.checkName(db, record.name, except: id)
            record.description = description
            record.steps = steps
            record.updatedAt = now
            try record.update(db)
            return record
        }
    }

    /// Deletes a workflow.
    package func delete(_ id: String) async throws -> Bool {
        try await store.write { db in try WorkflowRecord.deleteOne(db, key: id) }
    }

    /// Workflows whose name contains `search`, by name.
    package func list(search: String?) async throws -> [WorkflowRecord] {
        try await store.read { db in
            var request = WorkflowRecord.all()
            if let search, !search.isEmpty { request = request.filter(WorkflowRecord.Columns.name.like("%\(search)%")) }
            return try request.order(WorkflowRecord.Columns.name.collating(.nocase)).fetchAll(db)
        }
    }

    /// The workflow `id`, or nil.
    package func find(_ id: String) async throws -> WorkflowRecord? {
        try await store.read { db in try WorkflowRecord.fetchOne(db, key: id) }
    }

    private static func checkName(_ db: Database, _ name: String, except id: String?) throws {
        try checkName(name)
        var clash = WorkflowRecord.filter(WorkflowRecord.Columns.name.collating(.nocase) == name)
        if let id { clash = clash.filter(WorkflowRecord.Columns.id != id) }
        if try clash.fetchCount(db) > 0 { throw nameTaken(name) }
    }

    /// Refuses a name that is empty or longer than 120 characters.
    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 120 else {
            throw FieldProblems(stage: "workflow", problems: [FieldProblem(field: "name", label: "Name", reason: "1 to 120 characters")])
        }
    }

    /// The problem of a name another workflow has.
    static func nameTaken(_ name: String) -> FieldProblems {
        FieldProblems(
            stage: "workflow", problems: [FieldProblem(field: "name", label: "Name", reason: "a workflow named '\(name)' exists")])
    }
}
