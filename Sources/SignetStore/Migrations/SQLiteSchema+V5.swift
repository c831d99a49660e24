import Foundation
import GRDB

extension SQLiteSchema {
    /// v5-money: idempotency answers withheld, pruned by age
    static func idempotencyWithheld(_ db: Database) throws {
        // Answers kept before this may hold login and API tokens: forget them all.
        try db.execute(sql: "DELETE FROM idempotency")
        try db.alter(table: "idempotency") { t in
            // Why the answer was not kept (it carried a credential, or was too large).
            t.add(column: "withheld", .text)
        }
        try db.create(index: "idempotency_createdAt", on: "idempotency", columns: ["createdAt"])
    }

    /// v5-images: batch job stage, template version and outputs
    static func batchOutputs(_ db: Database) throws {
        try db.alter(table: "batchJob") { t in
            t.add(column: "stage", .text)
            t.add(column: "templateVersion", .integer)
            t.add(column: "templateHash", .text)
        }
        try db.create(table: "batchOutput") { t in
            t.column("jobId", .text).notNull().references("batchJob", onDelete: .cascade)
            t.column("row", .integer).notNull()
            t.column("file", .text).notNull()
            t.column("sha256", .text).notNull()
            t.primaryKey(["jobId", "row"])
        }
    }

    /// v5-auth: credential ids and last use, API token expiry, disabled accounts
    static func credentialIds(_ db: Database) throws {
        try db.alter(table: "credential") { t in
            t.add(column: "id", .text)
            t.add(column: "lastUsedAt", .datetime)
        }
        try db.execute(sql: "UPDATE credential SET id = lower(hex(randomblob(16))) WHERE userId IS NOT NULL")
        try db.create(index: "credential_id", on: "credential", columns: ["id"], unique: true)
        try db.create(index: "credential_user", on: "credential", columns: ["userId", "kind"])
        // API tokens made before they expired get the default lifetime from the upgrade on:
        // counted from their creation, old pipelines would stop at once.
        try db.execute(
            sql: "UPDATE credential SET expiresAt = ? WHERE kind = 'api' AND expiresAt IS NULL",
            arguments: [Date().addingTimeInterval(Double(Accounts.apiTokenDays) * 86400)])
        try db.alter(table: "user") { t in t.add(column: "disabledAt", .datetime) }
    }

    /// v5-resources: invitations expire a lifetime after they are sent
    static func invitationExpiry(_ db: Database) throws {
        // Links sent before this release had no expiry until their first visit; they get
        // the lifetime counted from their invitation (GRDB's date text format).
        try db.execute(
            sql: """
                UPDATE session SET expiresAt = strftime('%Y-%m-%d %H:%M:%f', invitedAt, '+' || lifetimeSeconds || ' seconds')
                WHERE state = 'invited' AND expiresAt IS NULL AND invitedAt IS NOT NULL
                """)
        try db.create(index: "session_expiry", on: "session", columns: ["state", "expiresAt"])
    }
}
