import Foundation
import SignetModel

// The plain CRUD and queue parts of `StoreBackend`, one protocol per repository, named and
// shaped as SQLite's repositories (`Accounts`, `Contacts`, ...) that conform to them. A second
// backend conforms its own. Requirements spell every argument; the defaults callers use
// (`now` is the current time, and so on) are added once, in the extensions below.

/// Accounts, logins, API tokens and password resets.
package protocol AccountRepository: Sendable {
    /// How long a browser login lasts.
    var webLifetime: TimeInterval { get }
    func create(email: String, name: String, role: UserRecord.Role, password: String, now: Date) async throws -> UserRecord
    func verify(email: String, password: String) async throws -> UserRecord?
    func startWebSession(for user: UserRecord, now: Date) async throws -> (token: String, csrf: String)
    func issueAPIToken(for user: UserRecord, label: String, days: Int, now: Date) async throws -> (
        token: String, credential: CredentialRecord
    )
    func authenticate(token: String, now: Date) async throws -> (UserRecord, CredentialRecord)?
    func apiTokens(of user: UserRecord, now: Date) async throws -> [CredentialRecord]
    func revokeAPIToken(id: String, of user: UserRecord) async throws -> Bool
    func setDisabled(_ disabled: Bool, userId: String, now: Date) async throws -> UserRecord?
    func revoke(token: String) async throws
    func startReset(email: String, now: Date) async throws -> (UserRecord, String)?
    func finishReset(token: String, password: String, now: Date) async throws
    func list() async throws -> [UserRecord]
    func user(id: String) async throws -> UserRecord?
    func count() async throws -> Int
}

extension AccountRepository {
    package func create(email: String, name: String, role: UserRecord.Role, password: String) async throws -> UserRecord {
        try await create(email: email, name: name, role: role, password: password, now: Date())
    }
    package func startWebSession(for user: UserRecord) async throws -> (token: String, csrf: String) {
        try await startWebSession(for: user, now: Date())
    }
    package func issueAPIToken(for user: UserRecord, label: String, days: Int = Accounts.apiTokenDays) async throws -> (
        token: String, credential: CredentialRecord
    ) {
        try await issueAPIToken(for: user, label: label, days: days, now: Date())
    }
    package func authenticate(token: String) async throws -> (UserRecord, CredentialRecord)? {
        try await authenticate(token: token, now: Date())
    }
    package func apiTokens(of user: UserRecord) async throws -> [CredentialRecord] { try await apiTokens(of: user, now: Date()) }
    package func setDisabled(_ disabled: Bool, userId: String) async throws -> UserRecord? {
        try await setDisabled(disabled, userId: userId, now: Date())
    }
    package func startReset(email: String) async throws -> (UserRecord, String)? { try await startReset(email: email, now: Date()) }
    package func finishReset(token: String, password: String) async throws {
        try await finishReset(token: token, password: password, now: Date())
    }
}

/// Agents' address books (remembering a contact is part of the session aggregate).
package protocol ContactRepository: Sendable {
    func list(agentId: String, search: String?, limit: Int, offset: Int) async throws -> ([ContactRecord], total: Int)
    func update(_ id: Int64, agentId: String, name: String, phone: String?, email: String?, now: Date) async throws -> ContactRecord?
    func delete(_ id: Int64, agentId: String) async throws -> Bool
}

extension ContactRepository {
    package func update(_ id: Int64, agentId: String, name: String, phone: String?, email: String?) async throws -> ContactRecord? {
        try await update(id, agentId: agentId, name: name, phone: phone, email: email, now: Date())
    }
}

/// The customer's side of a session: a link exchanged for a cookie, the cookie checked on
/// every request, visits noted.
package protocol CustomerAccessRepository: Sendable {
    func open(linkToken: String, by actor: Actor, now: Date) async throws -> Result<
        (SessionRecord, cookie: String, csrf: String), CustomerAccess.Refusal
    >
    func session(cookie: String, now: Date) async throws -> Result<(SessionRecord, csrf: String?), CustomerAccess.Refusal>
    func agent(ofToken token: String) async throws -> (name: String, email: String)?
    func recordSeen(_ seen: [String: Date]) async throws
    /// When the downloads of a completed session end (nil while it is not completed).
    func downloadsEnd(_ session: SessionRecord) -> Date?
}

extension CustomerAccessRepository {
    package func open(linkToken: String, by actor: Actor) async throws -> Result<
        (SessionRecord, cookie: String, csrf: String), CustomerAccess.Refusal
    > {
        try await open(linkToken: linkToken, by: actor, now: Date())
    }
    package func session(cookie: String) async throws -> Result<(SessionRecord, csrf: String?), CustomerAccess.Refusal> {
        try await session(cookie: cookie, now: Date())
    }
}

/// What admins set for the whole service (`Settings`).
package protocol SettingsRepository: Sendable {
    func defaultReminders() async throws -> ReminderPlan?
    func setDefaultReminders(_ plan: ReminderPlan?, now: Date) async throws
}

extension SettingsRepository {
    package func setDefaultReminders(_ plan: ReminderPlan?) async throws { try await setDefaultReminders(plan, now: Date()) }
}

/// The session record, read (and, for what happens beside any change, appended to).
package protocol EventRepository: Sendable {
    @discardableResult
    func append(session: String, kind: String, actor: Actor, detail: [String: String], now: Date) async throws -> EventRecord
    func events(session: String, after: Int64) async throws -> [EventRecord]
    /// Signalled after each committed write, so the record's followers (live streams) look
    /// again at once instead of at their next poll.
    var changes: ChangeSignal { get }
}

extension EventRepository {
    @discardableResult
    package func append(session: String, kind: String, actor: Actor, detail: [String: String] = [:]) async throws -> EventRecord {
        try await append(session: session, kind: kind, actor: actor, detail: detail, now: Date())
    }
    package func events(session: String) async throws -> [EventRecord] { try await events(session: session, after: 0) }
}

/// The outbox: messages claimed for delivery under a lease, then finished or rescheduled.
package protocol OutboxQueue: Sendable {
    func claimDue(now: Date, lease: Double, limit: Int) async throws -> [OutboxRecord]
    func reschedule(_ message: OutboxRecord) async throws
    func finish(_ message: OutboxRecord, status: OutboxRecord.Status, error: String?, now: Date) async throws
}

extension OutboxQueue {
    package func claimDue(now: Date, lease: Double) async throws -> [OutboxRecord] {
        try await claimDue(now: now, lease: lease, limit: 50)
    }
}

/// Batch jobs started over HTTP, and their outputs. Any instance on the database may run a job:
/// it claims it under a lease, renews the lease while it works, and a job whose lease ran out
/// (its instance died) is claimed again by another.
package protocol BatchJobQueue: Sendable {
    /// Records a new job (queued) or changes one.
    func save(_ job: BatchJobRecord) async throws
    /// Claims the oldest job due, for `instance` until `now + lease`: a queued one, or a running
    /// one whose lease ran out before `now`; it comes back running, its attempts counted. Two
    /// instances claiming together never get the same job.
    func claim(instance: String, now: Date, lease: Double) async throws -> BatchJobRecord?
    /// Extends `instance`'s lease on job `id` to `until` and records its counts so far; false
    /// when the job is no longer this instance's (taken over, or ended).
    func renew(_ id: String, instance: String, until: Date, rows: Int, done: Int, failed: Int) async throws -> Bool
    /// Queues job `id` again with its counts so far, its hand-offs counted, when `instance`
    /// stopped its work between two rows (a graceful shutdown): the next claim, by any instance,
    /// continues it. False when the job is no longer `instance`'s.
    func handOff(_ id: String, instance: String, rows: Int, done: Int, failed: Int) async throws -> Bool
    /// Saves an ended job and queues its `batchJob.done` webhooks in the same transaction, if
    /// the instance that claimed it (`job.claimedBy`) still holds it; false, saving nothing, if not.
    @discardableResult
    func finish(_ job: BatchJobRecord) async throws -> Bool
    func find(_ id: String, for user: UserRecord) async throws -> BatchJobRecord?
    func list(for user: UserRecord, limit: Int) async throws -> [BatchJobRecord]
    func recordOutputs(_ outputs: [BatchOutputRecord]) async throws
    func outputs(of id: String) async throws -> [BatchOutputRecord]
    func ended(before date: Date) async throws -> [BatchJobRecord]
}

/// Admin-defined workflows.
package protocol WorkflowRepository: Sendable {
    func create(name: String, description: String, steps: [WorkflowStep], by user: UserRecord, now: Date) async throws -> WorkflowRecord
    func update(_ id: String, name: String, description: String, steps: [WorkflowStep], now: Date) async throws -> WorkflowRecord
    func delete(_ id: String) async throws -> Bool
    func list(search: String?) async throws -> [WorkflowRecord]
    func find(_ id: String) async throws -> WorkflowRecord?
}

extension WorkflowRepository {
    package func create(name: String, description: String, steps: [WorkflowStep], by user: UserRecord) async throws -> WorkflowRecord {
        try await create(name: name, description: description, steps: steps, by: user, now: Date())
    }
    package func update(_ id: String, name: String, description: String, steps: [WorkflowStep]) async throws -> WorkflowRecord {
        try await update(id, name: name, description: description, steps: steps, now: Date())
    }
}

/// `Idempotency-Key` answers kept for replay.
package protocol IdempotencyRepository: Sendable {
    /// Largest answer body kept.
    var maxBodyBytes: Int { get }
    /// Most keys kept per caller.
    var maxKeysPerPrincipal: Int { get }
    func claim(principal: String, key: String, requestHash: String, now: Date) async throws -> IdempotencyKeys.Claim
    func record(principal: String, key: String, answer: IdempotencyKeys.Answer) async throws
    func withhold(principal: String, key: String, status: Int, reason: String) async throws
}

extension IdempotencyRepository {
    package func claim(principal: String, key: String, requestHash: String) async throws -> IdempotencyKeys.Claim {
        try await claim(principal: principal, key: key, requestHash: requestHash, now: Date())
    }
}

/// Finished documents forwarded for approval (`Approvals`). `forward` and `decide` each check,
/// change and record their event in one transaction that holds the session.
package protocol ApprovalRepository: Sendable {
    func forward(
        interaction: String, session: String, from forwarder: String, to approver: UserRecord, note: String?, by actor: Actor, now: Date
    ) async throws -> ApprovalRecord
    func visible(to user: String) async throws -> [ApprovalRecord]
    func find(_ id: String, visibleTo user: String) async throws -> ApprovalRecord?
    func decide(_ id: String, by approver: String, approve: Bool, reason: String?, actor: Actor, now: Date) async throws -> ApprovalRecord
}

extension ApprovalRepository {
    package func forward(
        interaction: String, session: String, from forwarder: String, to approver: UserRecord, note: String?, by actor: Actor
    ) async throws -> ApprovalRecord {
        try await forward(interaction: interaction, session: session, from: forwarder, to: approver, note: note, by: actor, now: Date())
    }
    package func decide(_ id: String, by approver: String, approve: Bool, reason: String?, actor: Actor) async throws -> ApprovalRecord {
        try await decide(id, by: approver, approve: approve, reason: reason, actor: actor, now: Date())
    }
}

/// One-time codes of sessions that ask for them (`CustomerCodes`); every code sent, entered or
/// refused is recorded with its change.
package protocol CustomerCodeRepository: Sendable {
    func isVerified(cookie: String) async throws -> Bool
    func status(cookie: String, session: String, now: Date) async throws -> CustomerCodes.Status
    func verify(cookie: String, session: String, code: String, by actor: Actor, now: Date) async throws -> CustomerCodes.Outcome
    func resend(_ session: SessionRecord, by actor: Actor, now: Date) async throws -> Result<Date, CustomerCodes.TooSoon>
}

extension CustomerCodeRepository {
    package func status(cookie: String, session: String) async throws -> CustomerCodes.Status {
        try await status(cookie: cookie, session: session, now: Date())
    }
    package func verify(cookie: String, session: String, code: String, by actor: Actor) async throws -> CustomerCodes.Outcome {
        try await verify(cookie: cookie, session: session, code: code, by: actor, now: Date())
    }
    package func resend(_ session: SessionRecord, by actor: Actor) async throws -> Result<Date, CustomerCodes.TooSoon> {
        try await resend(session, by: actor, now: Date())
    }
}

/// Registered webhooks and their delivery queue (`Webhooks`): deliveries are claimed with a
/// lease, so a deliverer that dies mid-send leaves them to be tried again.
package protocol WebhookRepository: Sendable {
    func create(url: String, events: [String], by admin: String, now: Date) async throws -> WebhookRecord
    func list() async throws -> [WebhookRecord]
    func find(_ id: String) async throws -> WebhookRecord?
    func setEnabled(_ enabled: Bool, id: String) async throws -> WebhookRecord?
    func delete(_ id: String) async throws -> Bool
    func deliveries(of id: String, limit: Int) async throws -> [Webhooks.DeliveryHistory]
    func claimDue(now: Date, lease: Double, limit: Int) async throws -> [Webhooks.Claimed]
    func record(_ attempt: WebhookAttemptRecord?, delivery: WebhookDeliveryRecord) async throws
}

extension WebhookRepository {
    package func create(url: String, events: [String], by admin: String) async throws -> WebhookRecord {
        try await create(url: url, events: events, by: admin, now: Date())
    }
    package func deliveries(of id: String) async throws -> [Webhooks.DeliveryHistory] { try await deliveries(of: id, limit: 100) }
    package func claimDue(now: Date, lease: Double) async throws -> [Webhooks.Claimed] {
        try await claimDue(now: now, lease: lease, limit: 16)
    }
}

extension Accounts: AccountRepository {}
extension Contacts: ContactRepository {}
extension CustomerAccess: CustomerAccessRepository {}
extension Settings: SettingsRepository {}
extension EventLog: EventRepository {}
extension Outbox: OutboxQueue {}
extension BatchJobs: BatchJobQueue {}
extension Workflows: WorkflowRepository {}
extension Approvals: ApprovalRepository {}
extension CustomerCodes: CustomerCodeRepository {}
extension Webhooks: WebhookRepository {}
extension IdempotencyKeys: IdempotencyRepository {}
