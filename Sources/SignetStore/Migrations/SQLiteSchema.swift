import Foundation
import GRDB

/// The steps of the schema on SQLite (GRDB), one function per step of `StoreMigrations.all`.
/// A step that has shipped is never edited: a change is a new step appended at the end.
enum SQLiteSchema {
    /// v1: accounts, sessions, links, outbox, events
    static func accounts(_ db: Database) throws {
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

    /// v2: idempotency keys
    static func idempotencyKeys(_ db: Database) throws {
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

    /// v3: interactions, uploads, review notes, workflows
    static func interactions(_ db: Database) throws {
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

    /// v4: batch jobs
    static func batchJobs(_ db: Database) throws {
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
}
