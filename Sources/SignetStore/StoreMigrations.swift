import Foundation
import GRDB

/// The schema, as a list of migrations. A migration that has shipped is never edited: a
/// change is a new migration appended at the end.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, sessions, links, outbox, events") { db in
            try db.create(table: "user") { t in
                t.primaryKey("id", .text)
                t.column("email", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            // Every secret a person holds (browser session, API token, reset link, customer
            // cookie, customer link) is stored only as its SHA-256.
            try db.create(table: "credential") { t in
                t.primaryKey("tokenHash", .text)
                t.column("kind", .text).notNull()
                t.column("userId", .text).references("user", onDelete: .cascade)
                t.column("sessionId", .text)
                t.column("label", .text)
                t.column("csrfToken", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime)
                t.column("usedAt", .datetime)
            }
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("agentId", .text).notNull().references("user")
                t.column("customerName", .text).notNull()
                t.column("phone", .text)
                t.column("email", .text)
                t.column("channel", .text).notNull()
                t.column("state", .text).notNull()
                t.column("delivery", .text).notNull()
                t.column("deliveryError", .text)
                t.column("lifetimeSeconds", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("invitedAt", .datetime)
                t.column("firstVisitAt", .datetime)
                t.column("lastSeenAt", .datetime)
                t.column("expiresAt", .datetime)
            }
            try db.create(index: "session_agent", on: "session", columns: ["agentId", "createdAt"])
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("channel", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("body", .text).notNull()
                t.column("link", .text).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("lastError", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("sentAt", .datetime)
            }
            try db.create(index: "outbox_due", on: "outbox", columns: ["status", "nextAttemptAt"])
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("ip", .text)
                t.column("userAgent", .text)
                t.column("detail", .text)
            }
            try db.create(index: "event_session", on: "event", columns: ["sessionId", "id"])
            try db.create(table: "contact") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("agentId", .text).notNull().references("user", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("phone", .text)
                t.column("email", .text)
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["agentId", "name", "phone", "email"], onConflict: .replace)
            }
        }
        migrator.registerMigration("v2: idempotency keys") { db in
            try db.create(table: "idempotency") { t in
                t.column("principal", .text).notNull()
                t.column("key", .text).notNull()
                t.column("requestHash", .text).notNull()
                // 0 while the first request is still being answered.
                t.column("status", .integer).notNull()
                t.column("contentType", .text)
                t.column("body", .blob)
                t.column("createdAt", .datetime).notNull()
                t.primaryKey(["principal", "key"])
            }
        }
        migrator.registerMigration("v3: interactions, uploads, review notes, workflows") { db in
            try db.create(table: "interaction") { t in
                t.primaryKey("id", .text)
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("parentId", .text).references("interaction", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("title", .text).notNull()
                t.column("status", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("declineReason", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("completedAt", .datetime)
            }
            try db.create(index: "interaction_session", on: "interaction", columns: ["sessionId", "parentId", "position"])
            try db.create(table: "upload") { t in
                t.primaryKey("id", .text)
                // NULL while an agent's uploaded PDF waits to become a document.
                t.column("interactionId", .text).references("interaction", onDelete: .cascade)
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("type", .text).notNull()
                t.column("blob", .text).notNull()
                t.column("contentKind", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("fileName", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "upload_interaction", on: "upload", columns: ["interactionId", "createdAt"])
            try db.create(table: "reviewNote") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("interactionId", .text).notNull().references("interaction", onDelete: .cascade)
                t.column("sessionId", .text).notNull()
                t.column("author", .text).notNull()
                t.column("page", .integer).notNull()
                t.column("x", .double).notNull()
                t.column("y", .double).notNull()
                t.column("text", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "workflow") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("description", .text).notNull()
                t.column("steps", .text).notNull()
                t.column("createdBy", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v4: batch jobs") { db in
            try db.create(table: "batchJob") { t in
                t.primaryKey("id", .text)
                t.column("userId", .text).notNull().references("user", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.column("template", .text).notNull()
                t.column("dryRun", .boolean).notNull()
                t.column("state", .text).notNull()
                t.column("rows", .integer).notNull()
                t.column("done", .integer).notNull()
                t.column("failed", .integer).notNull()
                t.column("error", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
            }
            try db.create(index: "batchJob_user", on: "batchJob", columns: ["userId", "createdAt"])
        }
        migrator.registerMigration("v5-money: idempotency answers withheld, pruned by age") { db in
            // Answers kept before this may hold login and API tokens: forget them all.
            try db.execute(sql: "DELETE FROM idempotency")
            try db.alter(table: "idempotency") { t in
                // Why the answer was not kept (it carried a credential, or was too large).
                t.add(column: "withheld", .text)
            }
            try db.create(index: "idempotency_createdAt", on: "idempotency", columns: ["createdAt"])
        }
        migrator.registerMigration("v5-images: batch job stage, template version and outputs") { db in
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
        migrator.registerMigration("v5-auth: credential ids and last use, API token expiry, disabled accounts") { db in
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
        migrator.registerMigration("v5-resources: invitations expire a lifetime after they are sent") { db in
            // Links sent before this release had no expiry until their first visit; they get
            // the lifetime counted from their invitation (GRDB's date text format).
            try db.execute(
                sql: """
                    UPDATE session SET expiresAt = strftime('%Y-%m-%d %H:%M:%f', invitedAt, '+' || lifetimeSeconds || ' seconds')
                    WHERE state = 'invited' AND expiresAt IS NULL AND invitedAt IS NOT NULL
                    """)
            try db.create(index: "session_expiry", on: "session", columns: ["state", "expiresAt"])
        }
        migrator.registerMigration("v6-contacts: one contact per person per agent, merged by email or phone") { db in
            // The old table added a row per session; its rows are replayed, oldest first,
            // through the rule sessions use now (Contacts.merged), into a table whose unique
            // indexes keep one row per email and per phone of each agent. Raw SQL, so later
            // changes to ContactRecord cannot change what this migration does.
            let rows = try Row.fetchAll(db, sql: "SELECT agentId, name, phone, email, updatedAt FROM contact ORDER BY updatedAt, id")
            var byAgent: [String: [Contacts.Entry]] = [:]
            for row in rows {
                let entry = Contacts.Entry(name: row["name"], phone: row["phone"], email: row["email"], updatedAt: row["updatedAt"])
                byAgent[row["agentId"], default: []].append(entry)
            }
            try db.drop(table: "contact")
            try db.create(table: "contact") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("agentId", .text).notNull().references("user", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("phone", .text)
                t.column("email", .text)
                t.column("updatedAt", .datetime).notNull()
            }
            // NULLs are distinct in SQLite's unique indexes: many contacts may lack an email.
            try db.create(index: "contact_agent_email", on: "contact", columns: ["agentId", "email"], unique: true)
            try db.create(index: "contact_agent_phone", on: "contact", columns: ["agentId", "phone"], unique: true)
            try db.create(index: "contact_agent_recent", on: "contact", columns: ["agentId", "updatedAt"])
            for (agentId, entries) in byAgent.sorted(by: { $0.key < $1.key }) {
                for entry in Contacts.merged(entries) {
                    try db.execute(
                        sql: "INSERT INTO contact (agentId, name, phone, email, updatedAt) VALUES (?, ?, ?, ?, ?)",
                        arguments: [agentId, entry.name, entry.phone, entry.email, entry.updatedAt])
                }
            }
        }

        migrator.registerMigration("v6-record: the record's rows chained by their hashes") { db in
            try db.alter(table: "event") { t in
                t.add(column: "prevHash", .text)
                t.add(column: "hash", .text)
            }
            try EventChain.rebuild(db)
            // Two rows claiming the same predecessor would be a fork: refused outright.
            try db.create(index: "event_chain", on: "event", columns: ["prevHash"], unique: true)
        }

        migrator.registerMigration("v6-verify: finished documents found by their SHA-256") { db in
            // `verify` looks a file up by its hash on every call (anyone may call it): an index on
            // the expression it queries, so it never scans every interaction.
            try db.execute(
                sql: """
                    CREATE INDEX interaction_finished ON interaction(json_extract(payload, '$.document.finished'))
                    WHERE kind = 'document'
                    """)
        }

        migrator.registerMigration("v7-otpchat: one-time codes before the customer sees anything") { db in
            try db.alter(table: "session") { t in t.add(column: "verification", .text) }
            try db.alter(table: "outbox") { t in t.add(column: "code", .text) }
            try db.create(table: "customerCode") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("salt", .text).notNull()
                t.column("mac", .text).notNull()
                t.column("resend", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("failures", .integer).notNull()
                t.column("closedAt", .datetime)
            }
            try db.create(index: "customerCode_session", on: "customerCode", columns: ["sessionId", "createdAt"])
            try db.create(table: "verifiedCustomer") { t in
                t.primaryKey("tokenHash", .text).references("credential", onDelete: .cascade)
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("verifiedAt", .datetime).notNull()
            }
        }

        migrator.registerMigration("v7-approvals: finished documents forwarded to another account for approval") { db in
            try db.create(table: "approval") { t in
                t.primaryKey("id", .text)
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("interactionId", .text).notNull().references("interaction", onDelete: .cascade)
                t.column("forwarderId", .text).notNull()
                t.column("approverId", .text).notNull().references("user", onDelete: .cascade)
                t.column("note", .text)
                t.column("status", .text).notNull()
                t.column("reason", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("decidedAt", .datetime)
            }
            try db.create(index: "approval_approver", on: "approval", columns: ["approverId", "createdAt"])
            try db.create(index: "approval_session", on: "approval", columns: ["sessionId"])
        }

        migrator.registerMigration("v7-webhooks: webhooks, their queued deliveries and every attempt") { db in
            try db.create(table: "webhook") { t in
                t.primaryKey("id", .text)
                t.column("url", .text).notNull()
                t.column("events", .text).notNull()
                t.column("secret", .text).notNull()
                t.column("enabled", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("createdBy", .text).notNull()
            }
            try db.create(table: "webhookDelivery") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("webhookId", .text).notNull().references("webhook", onDelete: .cascade)
                t.column("eventId", .text).notNull()
                t.column("type", .text).notNull()
                t.column("body", .text).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
            }
            try db.create(index: "webhookDelivery_due", on: "webhookDelivery", columns: ["status", "nextAttemptAt"])
            try db.create(index: "webhookDelivery_webhook", on: "webhookDelivery", columns: ["webhookId", "id"])
            try db.create(table: "webhookAttempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("deliveryId", .integer).notNull().references("webhookDelivery", onDelete: .cascade).indexed()
                t.column("at", .datetime).notNull()
                t.column("milliseconds", .integer).notNull()
                t.column("responseCode", .integer)
                t.column("error", .text)
                t.column("excerpt", .text)
            }
        }

        migrator.registerMigration("v7-lifecycle: completion time, reminder plans, settings") { db in
            try db.alter(table: "session") { t in
                t.add(column: "completedAt", .datetime)
                t.add(column: "reminderFirst", .integer)
                t.add(column: "reminderEvery", .integer)
                t.add(column: "reminderMax", .integer)
                t.add(column: "remindersSent", .integer).notNull().defaults(to: 0)
                t.add(column: "nextReminderAt", .datetime)
                t.add(column: "lastRemindedAt", .datetime)
            }
            // A reminder is not an invitation: it never speaks for the session's delivery.
            try db.alter(table: "outbox") { t in t.add(column: "reminder", .boolean).notNull().defaults(to: false) }
            // The reminder loop asks for due sessions every few seconds: only the few with a
            // reminder due are in this index.
            try db.execute(sql: "CREATE INDEX session_reminder ON session(nextReminderAt) WHERE nextReminderAt IS NOT NULL")
            // Admin settings, one JSON value per key.
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v8-jobs: batch jobs claimed by any instance under a lease, with their parameters") { db in
            try db.alter(table: "batchJob") { t in
                t.add(column: "parameters", .text)
                t.add(column: "claimedBy", .text)
                t.add(column: "leaseUntil", .datetime)
                t.add(column: "attempts", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("v8-attempts: login and reset attempts counted in the database, shared by instances") { db in
            try db.create(table: "attempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("key", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            try db.create(index: "attempt_key", on: "attempt", columns: ["key", "at"])
            try db.create(index: "attempt_expiresAt", on: "attempt", columns: ["expiresAt"])
        }
        return migrator
    }
}
