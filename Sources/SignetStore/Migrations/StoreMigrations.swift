import Foundation
import GRDB

/// One step of the schema, in both dialects: adding a step for one backend without the other
/// does not compile.
struct Migration: Sendable {
    /// Recorded in the database once the step is applied (`grdb_migrations` on SQLite,
    /// `signet_migration` on PostgreSQL).
    let identifier: String
    let sqlite: @Sendable (Database) throws -> Void
    /// Run in one transaction. Empty for the steps before PostgreSQL support began, which its
    /// first step (`PostgresSchema.upToLifecycle`) made all at once.
    let postgres: [String]
}

/// The schema, as one list of migrations for both backends. A migration that has shipped is
/// never edited: a change is a new migration appended at the end.
enum StoreMigrations {
    static let all: [Migration] = [
        Migration(
            identifier: "v1: accounts, sessions, links, outbox, events", sqlite: SQLiteSchema.accounts,
            postgres: PostgresSchema.upToLifecycle),
        Migration(identifier: "v2: idempotency keys", sqlite: SQLiteSchema.idempotencyKeys, postgres: []),
        Migration(
            identifier: "v3: interactions, uploads, review notes, workflows", sqlite: SQLiteSchema.interactions, postgres: []),
        Migration(identifier: "v4: batch jobs", sqlite: SQLiteSchema.batchJobs, postgres: []),
        Migration(
            identifier: "v5-money: idempotency answers withheld, pruned by age", sqlite: SQLiteSchema.idempotencyWithheld,
            postgres: []),
        Migration(
            identifier: "v5-images: batch job stage, template version and outputs", sqlite: SQLiteSchema.batchOutputs,
            postgres: []),
        Migration(
            identifier: "v5-auth: credential ids and last use, API token expiry, disabled accounts",
            sqlite: SQLiteSchema.credentialIds, postgres: []),
        Migration(
            identifier: "v5-resources: invitations expire a lifetime after they are sent", sqlite: SQLiteSchema.invitationExpiry,
            postgres: []),
        Migration(
            identifier: "v6-contacts: one contact per person per agent, merged by email or phone",
            sqlite: SQLiteSchema.contactsMerged, postgres: []),
        Migration(
            identifier: "v6-record: the record's rows chained by their hashes", sqlite: SQLiteSchema.recordChain, postgres: []),
        Migration(
            identifier: "v6-verify: finished documents found by their SHA-256", sqlite: SQLiteSchema.finishedIndex, postgres: []),
        Migration(
            identifier: "v7-otpchat: one-time codes before the customer sees anything", sqlite: SQLiteSchema.customerCodes,
            postgres: []),
        Migration(
            identifier: "v7-approvals: finished documents forwarded to another account for approval",
            sqlite: SQLiteSchema.approvals, postgres: []),
        Migration(
            identifier: "v7-webhooks: webhooks, their queued deliveries and every attempt", sqlite: SQLiteSchema.webhooks,
            postgres: []),
        Migration(
            identifier: "v7-lifecycle: completion time, reminder plans, settings", sqlite: SQLiteSchema.lifecycle, postgres: []),
        Migration(
            identifier: "v8-jobs: batch jobs claimed by any instance under a lease, with their parameters",
            sqlite: SQLiteSchema.jobLeases, postgres: PostgresSchema.jobLeases),
        Migration(
            identifier: "v8-attempts: login and reset attempts counted in the database, shared by instances",
            sqlite: SQLiteSchema.attempts, postgres: PostgresSchema.attempts),
        Migration(
            identifier: "v9-handoff: batch jobs handed to another instance by a graceful shutdown",
            sqlite: SQLiteSchema.jobHandoffs, postgres: PostgresSchema.jobHandoffs),
    ]

    /// The list as GRDB's migrator, for SQLite.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all { migrator.registerMigration(migration.identifier, migrate: migration.sqlite) }
        return migrator
    }
}
