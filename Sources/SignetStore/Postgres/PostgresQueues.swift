import Foundation
import SignetModel

/// The outbox on PostgreSQL (`Outbox`' rules). Claims skip rows another instance holds
/// (`FOR UPDATE SKIP LOCKED`) and move the claimed rows' next attempt past the lease in the
/// same statement, so two instances polling together never send one message twice.
struct PostgresOutbox: OutboxQueue {
    let store: PostgresStore

    func claimDue(now: Date, lease: Double, limit: Int) async throws -> [OutboxRecord] {
        // Polled every second by every instance: a read first, so an idle poll commits nothing
        // and sends no NOTIFY (which would empty every instance's read cache each second).
        let due = try await store.read { sql in
            try await sql.value(
                Bool.self, #"SELECT EXISTS (SELECT 1 FROM "outbox" WHERE "status" = 'pending' AND "nextAttemptAt" <= $1)"#,
                [.date(now)])
        }
        guard due == true else { return [] }
        let rows = try await store.write { sql in
            try await sql.fetchAll(
                OutboxRecord.self,
                #"""
                UPDATE "outbox" SET "nextAttemptAt" = $1 WHERE "id" IN (
                    SELECT "id" FROM "outbox" WHERE "status" = 'pending' AND "nextAttemptAt" <= $2
                    ORDER BY "id" LIMIT \#(limit) FOR UPDATE SKIP LOCKED)
                RETURNING *
                """#, [.date(now.addingTimeInterval(lease)), .date(now)])
        }
        return rows.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }

    func reschedule(_ message: OutboxRecord) async throws {
        try await store.write { sql in try await sql.update(message, in: "outbox") }
    }

    func finish(_ message: OutboxRecord, status: OutboxRecord.Status, error: String?, now: Date) async throws {
        let (finished, effect) = message.finished(status, error: error, now: now)
        try await store.write { sql in
            // The session first, as every change to it: the lock order is session, then its rows.
            let session = try await sql.fetchOne(
                SessionRecord.self, #"SELECT * FROM "session" WHERE "id" = $1 FOR UPDATE"#, [.text(finished.sessionId)])
            try await sql.update(finished, in: "outbox")
            guard var session else { return }
            switch effect {
            case .none:
                return
            case .note(let kind, let detail):
                try await PostgresEvents.append(sql, session: session.id, kind: kind, actor: .system, detail: detail, now: now)
            case .invitation(let delivery, let kind, let detail):
                let latest = try await sql.value(
                    Int64.self,
                    #"SELECT "id" FROM "outbox" WHERE "sessionId" = $1 AND "code" IS NULL AND NOT "reminder" ORDER BY "id" DESC LIMIT 1"#,
                    [.text(session.id)])
                guard finished.speaksForSession(latestInvitation: latest) else { return }
                session.delivery = delivery
                session.deliveryError = error
                try await sql.update(session, in: "session")
                try await PostgresEvents.append(sql, session: session.id, kind: kind, actor: .system, detail: detail, now: now)
            }
        }
    }
}

/// Batch jobs' records on PostgreSQL (`BatchJobs`).
struct PostgresBatchJobs: BatchJobQueue {
    let store: PostgresStore

    func save(_ job: BatchJobRecord) async throws {
        try await store.write { sql in try await sql.upsert(job, into: "batchJob", key: ["id"]) }
    }

    func claim(instance: String, now: Date, lease: Double) async throws -> BatchJobRecord? {
        // Polled every few seconds by every instance: a read first, so an idle one locks nothing.
        let due = try await store.read { sql in
            try await sql.value(
                Bool.self,
                #"""
                SELECT EXISTS (SELECT 1 FROM "batchJob"
                    WHERE "state" = 'queued' OR ("state" = 'running' AND ("leaseUntil" IS NULL OR "leaseUntil" < $1)))
                """#, [.date(now)])
        }
        guard due == true else { return nil }
        // Rows another instance is claiming are skipped, not waited for: each claim gets its own
        // job. No cached read shows a job: polls wake no other instance's caches (no NOTIFY).
        return try await store.write(keepingReads: true) { sql in
            try await sql.fetchOne(
                BatchJobRecord.self,
                #"""
                UPDATE "batchJob" SET "state" = 'running', "claimedBy" = $1, "leaseUntil" = $2, "attempts" = "attempts" + 1
                WHERE "id" = (
                    SELECT "id" FROM "batchJob"
                    WHERE "state" = 'queued' OR ("state" = 'running' AND ("leaseUntil" IS NULL OR "leaseUntil" < $3))
                    ORDER BY "createdAt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING *
                """#, [.text(instance), .date(now.addingTimeInterval(lease)), .date(now)])
        }
    }

    func renew(_ id: String, instance: String, until: Date, rows: Int, done: Int, failed: Int) async throws -> Bool {
        try await store.write(keepingReads: true) { sql in
            try await !sql.execute(
                #"""
                UPDATE "batchJob" SET "leaseUntil" = $1, "rows" = $2, "done" = $3, "failed" = $4
                WHERE "id" = $5 AND "claimedBy" = $6 AND "state" = 'running' RETURNING "id"
                """#, [.date(until), .int(rows), .int(done), .int(failed), .text(id), .text(instance)]
            ).isEmpty
        }
    }

    func handOff(_ id: String, instance: String, rows: Int, done: Int, failed: Int) async throws -> Bool {
        try await store.write { sql in
            try await !sql.execute(
                #"""
                UPDATE "batchJob" SET "state" = 'queued', "claimedBy" = NULL, "leaseUntil" = NULL, "handoffs" = "handoffs" + 1,
                "rows" = $1, "done" = $2, "failed" = $3 WHERE "id" = $4 AND "claimedBy" = $5 AND "state" = 'running' RETURNING "id"
                """#, [.int(rows), .int(done), .int(failed), .text(id), .text(instance)]
            ).isEmpty
        }
    }

    @discardableResult
    func finish(_ job: BatchJobRecord) async throws -> Bool {
        try await store.write { sql in
            let held = try await sql.fetchOne(
                BatchJobRecord.self, #"SELECT * FROM "batchJob" WHERE "id" = $1 FOR UPDATE"#, [.text(job.id)])
            guard let held, held.state == .running, held.claimedBy == job.claimedBy else { return false }
            try await sql.upsert(job, into: "batchJob", key: ["id"])
            try await PostgresEvents.enqueueWebhooks(sql, type: "batchJob.done", now: job.finishedAt ?? Date()) {
                BatchJobs.webhookData(job)
            }
            return true
        }
    }

    func find(_ id: String, for user: UserRecord) async throws -> BatchJobRecord? {
        let job = try await store.read { sql in
            try await sql.fetchOne(BatchJobRecord.self, #"SELECT * FROM "batchJob" WHERE "id" = $1"#, [.text(id)])
        }
        guard let job, user.role == .admin || job.userId == user.id else { return nil }
        return job
    }

    func list(for user: UserRecord, limit: Int) async throws -> [BatchJobRecord] {
        try await store.read { sql in
            if user.role == .admin {
                return try await sql.fetchAll(
                    BatchJobRecord.self, #"SELECT * FROM "batchJob" ORDER BY "createdAt" DESC, "id" LIMIT \#(limit)"#)
            }
            return try await sql.fetchAll(
                BatchJobRecord.self, #"SELECT * FROM "batchJob" WHERE "userId" = $1 ORDER BY "createdAt" DESC, "id" LIMIT \#(limit)"#,
                [.text(user.id)])
        }
    }

    func recordOutputs(_ outputs: [BatchOutputRecord]) async throws {
        try await store.write { sql in
            for output in outputs { try await sql.upsert(output, into: "batchOutput", key: ["jobId", "row"]) }
        }
    }

    func outputs(of id: String) async throws -> [BatchOutputRecord] {
        try await store.read { sql in
            try await sql.fetchAll(BatchOutputRecord.self, #"SELECT * FROM "batchOutput" WHERE "jobId" = $1 ORDER BY "row""#, [.text(id)])
        }
    }

    func ended(before date: Date) async throws -> [BatchJobRecord] {
        try await store.read { sql in
            try await sql.fetchAll(
                BatchJobRecord.self,
                #"SELECT * FROM "batchJob" WHERE "finishedAt" IS NOT NULL AND "finishedAt" < $1 ORDER BY "finishedAt""#,
                [.date(date)])
        }
    }
}

/// `Idempotency-Key` answers on PostgreSQL (`IdempotencyKeys`' rules). The claim inserts with
/// `ON CONFLICT DO NOTHING`, so of two first requests with one key, on any instances, exactly
/// one is fresh and the other finds it in progress.
struct PostgresIdempotencyKeys: IdempotencyRepository {
    let store: PostgresStore
    var retention: TimeInterval = 24 * 3600
    var maxBodyBytes = 64 << 10
    var maxKeysPerPrincipal = 1000

    func claim(principal: String, key: String, requestHash: String, now: Date) async throws -> IdempotencyKeys.Claim {
        try await store.write { [retention, maxKeysPerPrincipal] sql in
            try await sql.execute(#"DELETE FROM "idempotency" WHERE "createdAt" < $1"#, [.date(now.addingTimeInterval(-retention))])
            // A claim never answered within its lease (its instance died mid-request) is taken
            // over by one retry: the update re-checks the row once a racing one has committed.
            let abandoned = try await sql.execute(
                #"""
                UPDATE "idempotency" SET "createdAt" = $1 WHERE "principal" = $2 AND "key" = $3 AND "requestHash" = $4
                AND "status" = 0 AND "withheld" IS NULL AND "createdAt" < $5 RETURNING "key"
                """#,
                [.date(now), .text(principal), .text(key), .text(requestHash), .date(now.addingTimeInterval(-IdempotencyKeys.lease))])
            if !abandoned.isEmpty { return .fresh }
            if let claim = try await Self.existing(sql, principal: principal, key: key, requestHash: requestHash) { return claim }
            let held = try await sql.value(Int.self, #"SELECT count(*) FROM "idempotency" WHERE "principal" = $1"#, [.text(principal)]) ?? 0
            guard held < maxKeysPerPrincipal else { return .exhausted }
            let inserted = try await sql.execute(
                #"""
                INSERT INTO "idempotency" ("principal", "key", "requestHash", "status", "createdAt") VALUES ($1, $2, $3, 0, $4)
                ON CONFLICT DO NOTHING RETURNING "key"
                """#, [.text(principal), .text(key), .text(requestHash), .date(now)])
            if !inserted.isEmpty { return .fresh }
            return try await Self.existing(sql, principal: principal, key: key, requestHash: requestHash) ?? .inProgress
        }
    }

    private static func existing(_ sql: SQLConnection, principal: String, key: String, requestHash: String) async throws
        -> IdempotencyKeys.Claim?
    {
        guard
            let row = try await sql.execute(
                #"SELECT "requestHash", "status", "contentType", "body", "withheld" FROM "idempotency" WHERE "principal" = $1 AND "key" = $2"#,
                [.text(principal), .text(key)]
            ).first?.makeRandomAccess()
        else { return nil }
        let withheld = row["withheld"]
        if withheld.bytes != nil { return .withheld(try withheld.decode(String.self)) }
        guard try row["requestHash"].decode(String.self) == requestHash else { return .mismatch }
        let status = try row["status"].decode(Int.self)
        guard status != 0 else { return .inProgress }
        let type = row["contentType"]
        let body = row["body"]
        return .replay(
            IdempotencyKeys.Answer(
                status: status, contentType: type.bytes == nil ? nil : try type.decode(String.self),
                body: body.bytes == nil ? Data() : try body.decode(Data.self)))
    }

    func record(principal: String, key: String, answer: IdempotencyKeys.Answer) async throws {
        try await store.write { sql in
            if answer.status >= 500 {
                try await sql.execute(#"DELETE FROM "idempotency" WHERE "principal" = $1 AND "key" = $2"#, [.text(principal), .text(key)])
            } else {
                try await sql.execute(
                    #"UPDATE "idempotency" SET "status" = $1, "contentType" = $2, "body" = $3 WHERE "principal" = $4 AND "key" = $5"#,
                    [.int(answer.status), .text(answer.contentType), .bytes(answer.body), .text(principal), .text(key)])
            }
        }
    }

    func withhold(principal: String, key: String, status: Int, reason: String) async throws {
        try await store.write { sql in
            try await sql.execute(
                #"""
                UPDATE "idempotency" SET "status" = $1, "requestHash" = '', "contentType" = NULL, "body" = NULL, "withheld" = $2
                WHERE "principal" = $3 AND "key" = $4
                """#, [.int(status), .text(reason), .text(principal), .text(key)])
        }
    }
}
