import Foundation
import GRDB

extension SQLiteSchema {
    /// v6-contacts: one contact per person per agent, merged by email or phone
    static func contactsMerged(_ db: Database) throws {
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

    /// v6-record: the record's rows chained by their hashes
    static func recordChain(_ db: Database) throws {
        try db.alter(table: "event") { t in
            t.add(column: "prevHash", .text)
            t.add(column: "hash", .text)
        }
        try EventChain.rebuild(db)
        // Two rows claiming the same predecessor would be a fork: refused outright.
        try db.create(index: "event_chain", on: "event", columns: ["prevHash"], unique: true)
    }

    /// v6-verify: finished documents found by their SHA-256
    static func finishedIndex(_ db: Database) throws {
        // `verify` looks a file up by its hash on every call (anyone may call it): an index on
        // the expression it queries, so it never scans every interaction.
        try db.execute(
            sql: """
                CREATE INDEX interaction_finished ON interaction(json_extract(payload, '$.document.finished'))
                WHERE kind = 'document'
                """)
    }

    /// v7-otpchat: one-time codes before the customer sees anything
    static func customerCodes(_ db: Database) throws {
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

    /// v7-approvals: finished documents forwarded to another account for approval
    static func approvals(_ db: Database) throws {
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

    /// v7-webhooks: webhooks, their queued deliveries and every attempt
    static func webhooks(_ db: Database) throws {
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

    /// v7-lifecycle: completion time, reminder plans, settings
    static func lifecycle(_ db: Database) throws {
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

    /// v8-jobs: batch jobs claimed by any instance under a lease, with their parameters
    static func jobLeases(_ db: Database) throws {
        try db.alter(table: "batchJob") { t in
            t.add(column: "parameters", .text)
            t.add(column: "claimedBy", .text)
            t.add(column: "leaseUntil", .datetime)
            t.add(column: "attempts", .integer).notNull().defaults(to: 0)
        }
    }

    /// v8-attempts: login and reset attempts counted in the database, shared by instances
    static func attempts(_ db: Database) throws {
        try db.create(table: "attempt") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("key", .text).notNull()
            t.column("at", .datetime).notNull()
            t.column("expiresAt", .datetime).notNull()
        }
        try db.create(index: "attempt_key", on: "attempt", columns: ["key", "at"])
        try db.create(index: "attempt_expiresAt", on: "attempt", columns: ["expiresAt"])
    }

    /// v9-handoff: how many times a graceful shutdown handed the job on, so the claims that
    /// follow know those were not crashes (a bulk send may then resume; the crash limit counts
    /// only the others).
    static func jobHandoffs(_ db: Database) throws {
        try db.alter(table: "batchJob") { t in t.add(column: "handoffs", .integer).notNull().defaults(to: 0) }
    }
}
