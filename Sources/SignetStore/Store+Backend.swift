import Foundation
import GRDB
import SignetModel

/// SQLite's side of `StoreBackend`. The session aggregate runs in one write transaction: SQLite
/// has one writer (GRDB opens every write `BEGIN IMMEDIATE`), so holding the session needs no
/// lock of its own, and two changes to one session run one after the other.
extension Store: StoreBackend {
    package var description: String { "SQLite (\(writer.path))" }

    package func reachable() async -> Bool { (try? await read { _ in true }) ?? false }

    /// SQLite serves one instance, whose writes already take turns: the write lock is the lock.
    package func exclusively<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await write(keepingReads: true) { _ in try body() }
    }

    package func insertSession<T: Sendable>(_ session: SessionRecord, _ body: @escaping @Sendable (inout SessionChange) throws -> T)
        async throws -> (value: T, change: SessionChange)
    {
        try await write { db in
            var change = SessionChange(inserting: session, defaultReminders: try Settings.defaultReminders(db))
            let value = try body(&change)
            try Self.persist(&change, db)
            return (value, change)
        }
    }

    package func withSession<T: Sendable>(_ id: String, _ body: @escaping @Sendable (inout SessionChange) throws -> T)
        async throws -> (value: T, change: SessionChange)
    {
        try await write { db in
            let session = try Sessions.fetch(db, id)
            let interactions = try InteractionRecord.filter(InteractionRecord.Columns.sessionId == id)
                .order(InteractionRecord.Columns.position, InteractionRecord.Columns.createdAt).fetchAll(db)
            let uploads = try UploadRecord.filter(UploadRecord.Columns.sessionId == id)
                .order(UploadRecord.Columns.createdAt, UploadRecord.Columns.id).fetchAll(db)
            var change = SessionChange(session: session, interactions: interactions, uploads: uploads)
            let value = try body(&change)
            try Self.persist(&change, db)
            return (value, change)
        }
    }

    /// Writes what `change` changed, in the order the foreign keys need (the session, then
    /// what refers to it), and appends its events last, each linked into the record's chain.
    private static func persist(_ change: inout SessionChange, _ db: Database) throws {
        let id = change.session.id
        if change.loadedSession == nil {
            try change.session.insert(db)
        } else if change.sessionChanged {
            try change.session.update(db)
        }
        for record in change.insertedInteractions { try record.insert(db) }
        for record in change.updatedInteractions { try record.update(db) }
        if change.revokesCustomerLinks {
            try CredentialRecord.filter(
                CredentialRecord.Columns.sessionId == id && CredentialRecord.Columns.kind == CredentialRecord.Kind.customerLink.rawValue
            ).deleteAll(db)
        }
        for credential in change.credentials { try credential.insert(db) }
        for var message in change.messages { try message.insert(db) }
        for upload in change.removedUploads {
            _ = try UploadRecord.filter(UploadRecord.Columns.id == upload && UploadRecord.Columns.sessionId == id).deleteAll(db)
        }
        for upload in change.addedUploads { try upload.insert(db) }
        for index in change.notes.indices { try change.notes[index].insert(db) }
        for seen in change.sightings {
            try Contacts.remember(db, agentId: seen.agentId, name: seen.name, phone: seen.phone, email: seen.email, now: seen.at)
        }
        for event in change.events {
            try EventLog.append(db, session: id, kind: event.kind, actor: event.actor, detail: event.detail, now: event.at)
        }
    }

    package func session(id: String, now: Date) async throws -> SessionRecord? {
        try await Sessions(store: self).session(id: id, now: now)
    }

    package func sessions(for user: UserRecord, search: String?, state: SessionRecord.State?, limit: Int, offset: Int) async throws -> (
        [SessionRecord], total: Int
    ) {
        try await Sessions(store: self).list(for: user, search: search, state: state, limit: limit, offset: offset)
    }

    package func expiredSessions(now: Date) async throws -> [String] {
        try await Sessions(store: self).expired(now: now)
    }

    package func dueReminders(now: Date, limit: Int) async throws -> [SessionRecord] {
        try await Sessions(store: self).dueReminders(now: now, limit: limit)
    }

    package func interactions(session: String) async throws -> [InteractionRecord] {
        try await Interactions(store: self).list(session: session)
    }

    package func interaction(_ id: String, session: String) async throws -> InteractionRecord? {
        try await Interactions(store: self).find(id, session: session)
    }

    package func uploads(of interaction: String) async throws -> [UploadRecord] {
        try await Interactions(store: self).uploads(of: interaction)
    }

    package func uploadUsage(interaction: String?, session: String, excluding: String?) async throws -> UploadQuota.Usage {
        try await Interactions(store: self).uploadUsage(interaction: interaction, session: session, excluding: excluding)
    }

    package func stagedUpload(blob: String, session: String) async throws -> UploadRecord? {
        try await Interactions(store: self).stagedUpload(blob: blob, session: session)
    }

    package func notes(of interaction: String) async throws -> [ReviewNoteRecord] {
        try await Interactions(store: self).notes(of: interaction)
    }

    package func finishedDocument(sha256: String) async throws -> FinishedDocument? {
        try await Interactions(store: self).finishedDocument(sha256: sha256)
    }

    package func accounts(bcryptCost: UInt8) -> any AccountRepository { Accounts(store: self, bcryptCost: bcryptCost) }
    package var contacts: any ContactRepository { Contacts(store: self) }
    package var customers: any CustomerAccessRepository { CustomerAccess(store: self) }
    package func customers(downloadWindow: TimeInterval) -> any CustomerAccessRepository {
        var access = CustomerAccess(store: self)
        access.downloadWindow = downloadWindow
        return access
    }
    package var settings: any SettingsRepository { Settings(store: self) }
    package var events: any EventRepository { EventLog(store: self) }
    package var outbox: any OutboxQueue { Outbox(store: self) }
    package var batchJobs: any BatchJobQueue { BatchJobs(store: self) }
    package var workflows: any WorkflowRepository { Workflows(store: self) }
    package var idempotencyKeys: any IdempotencyRepository { IdempotencyKeys(store: self) }
    package var attempts: any AttemptRepository { Attempts(store: self) }
    package var approvals: any ApprovalRepository { Approvals(store: self) }
    package var customerCodes: any CustomerCodeRepository { CustomerCodes(store: self) }
    package var webhooks: any WebhookRepository { Webhooks(store: self) }
}
