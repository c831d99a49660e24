import Foundation
import SignetModel

/// Finished documents forwarded for approval, on PostgreSQL (`Approvals`' rules): forwarding
/// and deciding hold the session row, as every change to a session does.
struct PostgresApprovals: ApprovalRepository {
    let store: PostgresStore

    func forward(
        interaction: String, session: String, from forwarder: String, to approver: UserRecord, note: String?, by actor: Actor, now: Date
    ) async throws -> ApprovalRecord {
        try await store.write { sql in
            try await sql.execute(#"SELECT 1 FROM "session" WHERE "id" = $1 FOR UPDATE"#, [.text(session)])
            let record = try await sql.fetchOne(
                InteractionRecord.self, #"SELECT * FROM "interaction" WHERE "id" = $1 AND "sessionId" = $2"#,
                [.text(interaction), .text(session)])
            let (approval, detail) = try ApprovalRecord.forwarding(
                record, session: session, from: forwarder, to: approver, note: note, at: SQLValue.milliseconds(now))
            try await sql.insert(approval, into: "approval")
            try await PostgresEvents.append(sql, session: session, kind: "forwardedForApproval", actor: actor, detail: detail, now: now)
            return approval
        }
    }

    func visible(to user: String) async throws -> [ApprovalRecord] {
        try await store.read { sql in
            try await sql.fetchAll(
                ApprovalRecord.self,
                #"""
                SELECT "approval".* FROM "approval" JOIN "session" ON "session"."id" = "approval"."sessionId"
                WHERE "approval"."approverId" = $1 OR "session"."agentId" = $1
                ORDER BY "approval"."createdAt" DESC, "approval"."id" LIMIT 200
                """#, [.text(user)])
        }
    }

    func find(_ id: String, visibleTo user: String) async throws -> ApprovalRecord? {
        try await store.read { sql in
            try await sql.fetchOne(
                ApprovalRecord.self,
                #"""
                SELECT "approval".* FROM "approval" JOIN "session" ON "session"."id" = "approval"."sessionId"
                WHERE "approval"."id" = $1 AND ("approval"."approverId" = $2 OR "session"."agentId" = $2)
                """#, [.text(id), .text(user)])
        }
    }

    func decide(_ id: String, by approver: String, approve: Bool, reason: String?, actor: Actor, now: Date) async throws -> ApprovalRecord {
        try await store.write { sql in
            guard
                let session = try await sql.value(String.self, #"SELECT "sessionId" FROM "approval" WHERE "id" = $1"#, [.text(id)])
            else { throw SignetError(.notFound, "there is no such approval for you") }
            try await sql.execute(#"SELECT 1 FROM "session" WHERE "id" = $1 FOR UPDATE"#, [.text(session)])
            guard
                var approval = try await sql.fetchOne(ApprovalRecord.self, #"SELECT * FROM "approval" WHERE "id" = $1"#, [.text(id)]),
                approval.approverId == approver
            else { throw SignetError(.notFound, "there is no such approval for you") }
            guard approval.status == .pending else {
                throw SignetError(.conflict, "the approval is already \(approval.status.rawValue)")
            }
            approval.status = approve ? .approved : .rejected
            approval.reason = reason
            approval.decidedAt = SQLValue.milliseconds(now)
            try await sql.update(approval, in: "approval")
            var detail = ["approval": approval.id, "interaction": approval.interactionId]
            if let reason { detail["reason"] = reason }
            try await PostgresEvents.append(
                sql, session: approval.sessionId, kind: approve ? "approved" : "rejected", actor: actor, detail: detail, now: now)
            return approval
        }
    }
}

/// Webhooks and their delivery queue on PostgreSQL (`Webhooks`' rules); deliveries are claimed
/// with `FOR UPDATE SKIP LOCKED` and a lease, as the outbox's messages are.
struct PostgresWebhooks: WebhookRepository {
    let store: PostgresStore

    func create(url: String, events: [String], by admin: String, now: Date) async throws -> WebhookRecord {
        let hook = WebhookRecord(
            id: UUID().uuidString.lowercased(), url: url, events: Array(Set(events)).sorted(), secret: "whsec_" + SecretToken.make(),
            createdAt: SQLValue.milliseconds(now), createdBy: admin)
        try await store.write { sql in try await sql.insert(hook, into: "webhook") }
        return hook
    }

    func list() async throws -> [WebhookRecord] {
        try await store.read { sql in try await sql.fetchAll(WebhookRecord.self, #"SELECT * FROM "webhook" ORDER BY "createdAt", "id""#) }
    }

    func find(_ id: String) async throws -> WebhookRecord? {
        try await store.read { sql in try await sql.fetchOne(WebhookRecord.self, #"SELECT * FROM "webhook" WHERE "id" = $1"#, [.text(id)]) }
    }

    func setEnabled(_ enabled: Bool, id: String) async throws -> WebhookRecord? {
        try await store.write { sql in
            try await sql.fetchOne(
                WebhookRecord.self, #"UPDATE "webhook" SET "enabled" = $1 WHERE "id" = $2 RETURNING *"#, [.bool(enabled), .text(id)])
        }
    }

    func delete(_ id: String) async throws -> Bool {
        try await store.write { sql in
            try await !sql.execute(#"DELETE FROM "webhook" WHERE "id" = $1 RETURNING "id""#, [.text(id)]).isEmpty
        }
    }

    func deliveries(of id: String, limit: Int) async throws -> [Webhooks.DeliveryHistory] {
        try await store.read(snapshot: true) { sql in
            let deliveries = try await sql.fetchAll(
                WebhookDeliveryRecord.self, #"SELECT * FROM "webhookDelivery" WHERE "webhookId" = $1 ORDER BY "id" DESC LIMIT \#(limit)"#,
                [.text(id)])
            let attempts = try await sql.fetchAll(
                WebhookAttemptRecord.self,
                #"""
                SELECT "webhookAttempt".* FROM "webhookAttempt" JOIN "webhookDelivery" ON "webhookDelivery"."id" = "webhookAttempt"."deliveryId"
                WHERE "webhookDelivery"."webhookId" = $1 ORDER BY "webhookAttempt"."id"
                """#, [.text(id)])
            let byDelivery = Dictionary(grouping: attempts, by: \.deliveryId)
            return deliveries.map { Webhooks.DeliveryHistory(delivery: $0, attempts: byDelivery[$0.id ?? 0] ?? []) }
        }
    }

    func claimDue(now: Date, lease: Double, limit: Int) async throws -> [Webhooks.Claimed] {
        // Polled by every instance: a read first, so an idle poll commits nothing (no NOTIFY).
        let due = try await store.read { sql in
            try await sql.value(
                Bool.self,
                #"SELECT EXISTS (SELECT 1 FROM "webhookDelivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= $1)"#,
                [.date(now)])
        }
        guard due == true else { return [] }
        return try await store.write { sql in
            let due = try await sql.fetchAll(
                WebhookDeliveryRecord.self,
                #"""
                UPDATE "webhookDelivery" SET "nextAttemptAt" = $1 WHERE "id" IN (
                    SELECT "id" FROM "webhookDelivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= $2
                    ORDER BY "nextAttemptAt", "id" LIMIT \#(limit) FOR UPDATE SKIP LOCKED)
                RETURNING *
                """#, [.date(now.addingTimeInterval(lease)), .date(now)])
            var claimed: [Webhooks.Claimed] = []
            for delivery in due.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
                if let hook = try await sql.fetchOne(
                    WebhookRecord.self, #"SELECT * FROM "webhook" WHERE "id" = $1"#, [.text(delivery.webhookId)])
                {
                    claimed.append(Webhooks.Claimed(delivery: delivery, webhook: hook))
                }
            }
            return claimed
        }
    }

    func record(_ attempt: WebhookAttemptRecord?, delivery: WebhookDeliveryRecord) async throws {
        try await store.write { sql in
            if let attempt { try await sql.insert(attempt, into: "webhookAttempt") }
            try await sql.update(delivery, in: "webhookDelivery")
        }
    }
}
