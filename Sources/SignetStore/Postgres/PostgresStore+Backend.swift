import Foundation
import SignetModel

/// PostgreSQL's side of `StoreBackend`. The session aggregate locks the session row
/// (`SELECT … FOR UPDATE`) before it loads anything, so two changes to one session, from any
/// instance, run one after the other and each sees the one before it: two finishes of one
/// document cannot both complete it.
extension PostgresStore: StoreBackend {
    /// An advisory lock held by an otherwise empty transaction: it ends with `body`, also when
    /// this instance dies meanwhile (its connection closes).
    package func exclusively<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await write(keepingReads: true) { sql in
            try await sql.lock(name)
            return try body()
        }
    }

    package func insertSession<T: Sendable>(_ session: SessionRecord, _ body: @escaping @Sendable (inout SessionChange) throws -> T)
        async throws -> (value: T, change: SessionChange)
    {
        try await write { sql in
            var change = SessionChange(inserting: session, defaultReminders: try await PostgresSettings.defaultReminders(sql))
            let value = try body(&change)
            try await Self.persist(&change, sql)
            return (value, change)
        }
    }

    package func withSession<T: Sendable>(_ id: String, _ body: @escaping @Sendable (inout SessionChange) throws -> T)
        async throws -> (value: T, change: SessionChange)
    {
        try await write { sql in
            guard
                let session = try await sql.fetchOne(
                    SessionRecord.self, #"SELECT * FROM "session" WHERE "id" = $1 FOR UPDATE"#, [.text(id)])
            else { throw SignetError(.invalidInput, "there is no session \(id)", field: "id") }
            let interactions = try await sql.fetchAll(
                InteractionRecord.self, #"SELECT * FROM "interaction" WHERE "sessionId" = $1 ORDER BY "position", "createdAt", "id""#,
                [.text(id)])
            let uploads = try await sql.fetchAll(
                UploadRecord.self, #"SELECT * FROM "upload" WHERE "sessionId" = $1 ORDER BY "createdAt", "id""#, [.text(id)])
            var change = SessionChange(session: session, interactions: interactions, uploads: uploads)
            let value = try body(&change)
            try await Self.persist(&change, sql)
            return (value, change)
        }
    }

    /// Writes what `change` changed, in the order the foreign keys need, and appends its
    /// events last, as SQLite's side does.
    private static func persist(_ change: inout SessionChange, _ sql: SQLConnection) async throws {
        let id = change.session.id
        if change.loadedSession == nil {
            try await sql.insert(change.session, into: "session")
        } else if change.sessionChanged {
            try await sql.update(change.session, in: "session")
        }
        for record in change.insertedInteractions { try await sql.insert(record, into: "interaction") }
        for record in change.updatedInteractions { try await sql.update(record, in: "interaction") }
        if change.revokesCustomerLinks {
            try await sql.execute(
                #"DELETE FROM "credential" WHERE "sessionId" = $1 AND "kind" = $2"#,
                [.text(id), .text(CredentialRecord.Kind.customerLink.rawValue)])
        }
        for credential in change.credentials { try await sql.insert(credential, into: "credential") }
        for message in change.messages { try await sql.insert(message, into: "outbox") }
        for upload in change.removedUploads {
            try await sql.execute(#"DELETE FROM "upload" WHERE "id" = $1 AND "sessionId" = $2"#, [.text(upload), .text(id)])
        }
        for upload in change.addedUploads { try await sql.insert(upload, into: "upload") }
        for index in change.notes.indices { change.notes[index].id = try await sql.insert(change.notes[index], into: "reviewNote") }
        for seen in change.sightings {
            try await PostgresContacts.remember(
                sql, agentId: seen.agentId, name: seen.name, phone: seen.phone, email: seen.email, now: seen.at)
        }
        for event in change.events {
            try await PostgresEvents.append(sql, session: id, kind: event.kind, actor: event.actor, detail: event.detail, now: event.at)
        }
    }

    // MARK: Reads

    package func session(id: String, now: Date) async throws -> SessionRecord? {
        try await read { sql in
            try await sql.fetchOne(SessionRecord.self, #"SELECT * FROM "session" WHERE "id" = $1"#, [.text(id)]).map {
                Sessions.current($0, now: now)
            }
        }
    }

    package func sessions(for user: UserRecord, search: String?, state: SessionRecord.State?, limit: Int, offset: Int) async throws -> (
        [SessionRecord], total: Int
    ) {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if user.role != .admin {
            arguments.append(.text(user.id))
            conditions.append(#""agentId" = $\#(arguments.count)"#)
        }
        if let state {
            arguments.append(.text(state.rawValue))
            conditions.append(#""state" = $\#(arguments.count)"#)
        }
        if let search, !search.isEmpty {
            arguments.append(.text("%\(search.replacingOccurrences(of: "%", with: ""))%"))
            let n = arguments.count
            conditions.append(#"("customerName" ILIKE $\#(n) OR "phone" ILIKE $\#(n) OR "email" ILIKE $\#(n))"#)
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let (rows, total) = try await read(snapshot: true) { [arguments] sql in
            let total = try await sql.value(Int.self, #"SELECT count(*) FROM "session""# + filter, arguments) ?? 0
            let rows = try await sql.fetchAll(
                SessionRecord.self,
                #"SELECT * FROM "session""# + filter + #" ORDER BY "createdAt" DESC, "id" LIMIT \#(limit) OFFSET \#(offset)"#, arguments)
            return (rows, total)
        }
        return (rows.map { Sessions.current($0, now: Date()) }, total)
    }

    package func expiredSessions(now: Date) async throws -> [String] {
        try await read { sql in
            try await sql.execute(
                #"SELECT "id" FROM "session" WHERE "state" IN ('invited', 'active') AND "expiresAt" <= $1"#, [.date(now)]
            ).map { try $0.makeRandomAccess()[0].decode(String.self) }
        }
    }

    package func dueReminders(now: Date, limit: Int) async throws -> [SessionRecord] {
        try await read { sql in
            try await sql.fetchAll(
                SessionRecord.self,
                #"SELECT * FROM "session" WHERE "nextReminderAt" IS NOT NULL AND "nextReminderAt" <= $1 ORDER BY "nextReminderAt" LIMIT \#(limit)"#,
                [.date(now)])
        }
    }

    package func interactions(session: String) async throws -> [InteractionRecord] {
        try await read { sql in
            try await sql.fetchAll(
                InteractionRecord.self, #"SELECT * FROM "interaction" WHERE "sessionId" = $1 ORDER BY "createdAt", "position", "id""#,
                [.text(session)])
        }
    }

    package func interaction(_ id: String, session: String) async throws -> InteractionRecord? {
        try await read { sql in
            try await sql.fetchOne(
                InteractionRecord.self, #"SELECT * FROM "interaction" WHERE "id" = $1 AND "sessionId" = $2"#, [.text(id), .text(session)])
        }
    }

    package func uploads(of interaction: String) async throws -> [UploadRecord] {
        try await read { sql in
            try await sql.fetchAll(
                UploadRecord.self, #"SELECT * FROM "upload" WHERE "interactionId" = $1 ORDER BY "createdAt", "id""#, [.text(interaction)])
        }
    }

    package func uploadUsage(interaction: String?, session: String, excluding: String?) async throws -> UploadQuota.Usage {
        let held = try await read { sql in
            try await sql.fetchAll(UploadRecord.self, #"SELECT * FROM "upload" WHERE "sessionId" = $1"#, [.text(session)])
        }
        return UploadQuota.usage(of: held, interaction: interaction, excluding: excluding)
    }

    package func stagedUpload(blob: String, session: String) async throws -> UploadRecord? {
        try await read { sql in
            try await sql.fetchOne(
                UploadRecord.self, #"SELECT * FROM "upload" WHERE "sessionId" = $1 AND "blob" = $2 AND "interactionId" IS NULL"#,
                [.text(session), .text(blob)])
        }
    }

    package func notes(of interaction: String) async throws -> [ReviewNoteRecord] {
        try await read { sql in
            try await sql.fetchAll(
                ReviewNoteRecord.self, #"SELECT * FROM "reviewNote" WHERE "interactionId" = $1 ORDER BY "id""#, [.text(interaction)])
        }
    }

    package func finishedDocument(sha256: String) async throws -> FinishedDocument? {
        try await read { sql in
            guard
                let row = try await sql.execute(
                    #"""
                    SELECT "id", "sessionId", "completedAt" FROM "interaction"
                    WHERE "kind" = 'document' AND ("payload"::jsonb) -> 'document' ->> 'finished' = $1 LIMIT 1
                    """#, [.text(sha256)]
                ).first
            else { return nil }
            let cells = row.makeRandomAccess()
            let completed = cells["completedAt"]
            return FinishedDocument(
                sessionId: try cells["sessionId"].decode(String.self), interactionId: try cells["id"].decode(String.self),
                finishedAt: completed.bytes == nil ? nil : try completed.decode(Date.self))
        }
    }

    // MARK: Repositories

    package func accounts(bcryptCost: UInt8) -> any AccountRepository { PostgresAccounts(store: self, bcryptCost: bcryptCost) }
    package var contacts: any ContactRepository { PostgresContacts(store: self) }
    package var customers: any CustomerAccessRepository { PostgresCustomerAccess(store: self) }
    package func customers(downloadWindow: TimeInterval) -> any CustomerAccessRepository {
        var access = PostgresCustomerAccess(store: self)
        access.downloadWindow = downloadWindow
        return access
    }
    package var settings: any SettingsRepository { PostgresSettings(store: self) }
    package var events: any EventRepository { PostgresEvents(store: self) }
    package var outbox: any OutboxQueue { PostgresOutbox(store: self) }
    package var batchJobs: any BatchJobQueue { PostgresBatchJobs(store: self) }
    package var workflows: any WorkflowRepository { PostgresWorkflows(store: self) }
    package var idempotencyKeys: any IdempotencyRepository { PostgresIdempotencyKeys(store: self) }
    package var attempts: any AttemptRepository { PostgresAttempts(store: self) }
    package var approvals: any ApprovalRepository { PostgresApprovals(store: self) }
    package var customerCodes: any CustomerCodeRepository { PostgresCustomerCodes(store: self) }
    package var webhooks: any WebhookRepository { PostgresWebhooks(store: self) }
}
