import Foundation

/// What the use cases need from a database, whichever it is: `Store` (SQLite through GRDB)
/// today, a PostgreSQL store beside it later. The use cases (SignetSessions) hold this, never a
/// backend's own types, so a second backend is one more conformer and no use case changes.
///
/// Two kinds of operation:
/// - **The session aggregate**: `insertSession` and `withSession` run one synchronous, pure
///   body over a `SessionChange` inside one transaction that holds the session (the single
///   writer on SQLite; `SELECT … FOR UPDATE` on the session row on PostgreSQL), then write what
///   the body changed and append its events, all committed together or not at all. Every
///   status change of a session or of its interactions goes through here, so concurrent
///   changes to one session run one after the other and each sees the one before it.
/// - **Reads** (and, through the repositories, plain CRUD and queues), each its own statement
///   or snapshot; a read never takes a write transaction.
///
/// The body is synchronous because GRDB keeps a connection on its own queue (no `await` inside
/// a write) while PostgresNIO is async only; a decision with no I/O runs in both.
package protocol StoreBackend: Sendable {
    /// Which database this is, for the logs (never a password).
    var description: String { get }
    /// Whether the database answers now (`/health`).
    func reachable() async -> Bool
    /// Answers of reads that many requests repeat, forgotten at every write this process commits.
    var reads: ReadCache { get }

    /// Runs `body` holding the lock `name`, which every instance on this database shares: for
    /// changes kept outside the database (a template's files) that must not interleave.
    func exclusively<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T

    /// Inserts `session` and runs `body` on it in the same transaction (its first events, the
    /// customer's link, the invitation, the address book): committed with the session or not at all.
    func insertSession<T: Sendable>(_ session: SessionRecord, _ body: @escaping @Sendable (inout SessionChange) throws -> T)
        async throws -> (value: T, change: SessionChange)

    /// Runs `body` on session `id` as it is now, holding it; writes what `body` changed. A
    /// `body` that throws changes nothing. The committed change comes back with the value
    /// (pinned notes with their ids). An unknown session is refused (invalid input, field `id`).
    func withSession<T: Sendable>(_ id: String, _ body: @escaping @Sendable (inout SessionChange) throws -> T)
        async throws -> (value: T, change: SessionChange)

    // MARK: Sessions

    /// The session `id` as it stands at `now` (past its expiry it reads as expired), or nil.
    func session(id: String, now: Date) async throws -> SessionRecord?
    /// Sessions visible to `user` (an agent's own, all for an admin), newest first, filtered by
    /// a search over name, phone and email, and by state; with the number that match.
    func sessions(for user: UserRecord, search: String?, state: SessionRecord.State?, limit: Int, offset: Int) async throws -> (
        [SessionRecord], total: Int
    )
    /// The ids of invited or active sessions whose lifetime ran out by `now`, not yet recorded as expired.
    func expiredSessions(now: Date) async throws -> [String]
    /// Sessions whose next scheduled reminder is due by `now`, soonest first, at most `limit`.
    func dueReminders(now: Date, limit: Int) async throws -> [SessionRecord]

    // MARK: Interactions

    /// Every interaction of session `session`, groups' steps included, in order.
    func interactions(session: String) async throws -> [InteractionRecord]
    /// The interaction `id` of session `session`, or nil.
    func interaction(_ id: String, session: String) async throws -> InteractionRecord?
    /// The files uploaded for a document request, oldest first.
    func uploads(of interaction: String) async throws -> [UploadRecord]
    /// What the uploads of `interaction` (the agent's staged ones in `session` when nil) hold,
    /// leaving out `excluding`.
    func uploadUsage(interaction: String?, session: String, excluding: String?) async throws -> UploadQuota.Usage
    /// The agent's staged upload `blob` in `session`, or nil.
    func stagedUpload(blob: String, session: String) async throws -> UploadRecord?
    /// The notes pinned on a shared review, oldest first.
    func notes(of interaction: String) async throws -> [ReviewNoteRecord]
    /// The finished document whose PDF has SHA-256 `sha256`, if the record holds one.
    func finishedDocument(sha256: String) async throws -> FinishedDocument?

    // MARK: Repositories: plain CRUD and queues (`StoreRepositories`)

    /// Accounts and their credentials, passwords hashed with bcrypt at `bcryptCost`.
    func accounts(bcryptCost: UInt8) -> any AccountRepository
    /// Agents' address books.
    var contacts: any ContactRepository { get }
    /// Customer links and cookies.
    var customers: any CustomerAccessRepository { get }
    /// Customer links and cookies; a completed session's downloads stay open `downloadWindow` seconds.
    func customers(downloadWindow: TimeInterval) -> any CustomerAccessRepository
    /// What admins set for the whole service.
    var settings: any SettingsRepository { get }
    /// The session record.
    var events: any EventRepository { get }
    /// The outbox queue.
    var outbox: any OutboxQueue { get }
    /// Batch jobs.
    var batchJobs: any BatchJobQueue { get }
    /// Admin-defined workflows.
    var workflows: any WorkflowRepository { get }
    /// `Idempotency-Key` answers.
    var idempotencyKeys: any IdempotencyRepository { get }
    /// Login, reset and verification attempts, counted for the rate limits.
    var attempts: any AttemptRepository { get }
    /// Finished documents forwarded for approval.
    var approvals: any ApprovalRepository { get }
    /// One-time codes of sessions that ask for them.
    var customerCodes: any CustomerCodeRepository { get }
    /// Registered webhooks and their deliveries.
    var webhooks: any WebhookRepository { get }
}
