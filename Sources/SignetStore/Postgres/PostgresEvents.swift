import Foundation
import SignetModel

/// The session record on PostgreSQL: the same rows and the same hash chain as on SQLite
/// (`EventLog`, `EventChain`), dates hashed as SQLite's text of them.
///
/// SQLite's single writer keeps the chain straight by itself; here every append takes one
/// advisory lock, held to its commit, before it reads the chain's head. Appends therefore
/// commit one at a time, in id order, which also means a live stream reading "events after
/// id N" never misses a row that commits late with a smaller id.
struct PostgresEvents: EventRepository {
    let store: PostgresStore

    @discardableResult
    static func append(_ sql: SQLConnection, session: String, kind: String, actor: Actor, detail: [String: String], now: Date) async throws
        -> EventRecord
    {
        let json = detail.isEmpty ? nil : String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        let at = SQLValue.milliseconds(now)
        try await sql.lock("chain")
        let previous = try await sql.value(String.self, #"SELECT "hash" FROM "event" ORDER BY "id" DESC LIMIT 1"#) ?? EventChain.genesis
        var event = EventRecord(
            sessionId: session, at: at, kind: kind, actor: actor.name, ip: actor.ip, userAgent: actor.userAgent, detail: json)
        let id = try await sql.insert(event, into: "event")!
        let canonical = EventChain.canonical([
            String(id), EventChain.storedText(at), session, kind, actor.name, actor.ip, actor.userAgent, json,
        ])
        let hash = try EventChain.hash(prevHash: previous, canonical: canonical)
        try await sql.execute(
            #"UPDATE "event" SET "prevHash" = $1, "hash" = $2 WHERE "id" = $3"#, [.text(previous), .text(hash), .int(id)])
        event.id = id
        event.prevHash = previous
        event.hash = hash
        if let type = WebhookEvents.type(kind: kind, detail: detail) {
            try await enqueueWebhooks(sql, type: type, now: now) {
                let row = try await sql.fetchOne(SessionRecord.self, #"SELECT * FROM "session" WHERE "id" = $1"#, [.text(session)])
                return WebhookEvents.data(session: row, sessionId: session, detail: detail)
            }
        }
        return event
    }

    /// Queues event `type` for every enabled webhook that wants it, in the caller's transaction.
    static func enqueueWebhooks(_ sql: SQLConnection, type: String, now: Date, data: () async throws -> [String: Any]) async throws {
        let hooks = try await sql.fetchAll(WebhookRecord.self, #"SELECT * FROM "webhook" WHERE "enabled" ORDER BY "createdAt""#)
        guard hooks.contains(where: { $0.events.contains(type) }) else { return }
        let values = try await data()
        for delivery in try WebhookEvents.deliveries(to: hooks, type: type, now: now, data: { values }) {
            try await sql.insert(delivery, into: "webhookDelivery")
        }
    }

    @discardableResult
    func append(session: String, kind: String, actor: Actor, detail: [String: String], now: Date) async throws -> EventRecord {
        try await store.write { sql in try await Self.append(sql, session: session, kind: kind, actor: actor, detail: detail, now: now) }
    }

    func events(session: String, after: Int64) async throws -> [EventRecord] {
        try await store.read { sql in
            try await sql.fetchAll(
                EventRecord.self, #"SELECT * FROM "event" WHERE "sessionId" = $1 AND "id" > $2 ORDER BY "id""#,
                [.text(session), .int(after)])
        }
    }

    var changes: ChangeSignal { store.changes }
}

/// Agents' address books on PostgreSQL: the rules are `Contacts`' (one contact per person,
/// merged by email or phone), the SQL PostgreSQL's.
struct PostgresContacts: ContactRepository {
    let store: PostgresStore

    /// Records that the agent reached this person, in the caller's transaction (see `Contacts.remember`).
    static func remember(_ sql: SQLConnection, agentId: String, name: String, phone: String?, email: String?, now: Date) async throws {
        let sighting = Contacts.Entry(name: name, phone: phone, email: email, updatedAt: now)
        // One agent's book changes one transaction at a time: two sessions started together for
        // the same new person must merge into one contact, not both insert it.
        try await sql.lock("contact:" + agentId)
        let (kept, absorbed) = Contacts.merge(sighting, agentId: agentId, into: try await matching(sql, agentId: agentId, sighting))
        for contact in absorbed { try await sql.execute(#"DELETE FROM "contact" WHERE "id" = $1"#, [.int(contact.id ?? 0)]) }
        if kept.id == nil {
            try await sql.insert(kept, into: "contact")
        } else {
            try await sql.update(kept, in: "contact")
        }
    }

    private static func matching(_ sql: SQLConnection, agentId: String, _ entry: Contacts.Entry) async throws -> [ContactRecord] {
        var arguments: [SQLValue] = [.text(agentId)]
        var same: [String] = []
        if let email = entry.email {
            arguments.append(.text(email))
            same.append(#""email" = $\#(arguments.count)"#)
        }
        if let phone = entry.phone {
            arguments.append(.text(phone))
            same.append(#""phone" = $\#(arguments.count)"#)
        }
        guard !same.isEmpty else { return [] }
        return try await sql.fetchAll(
            ContactRecord.self,
            #"SELECT * FROM "contact" WHERE "agentId" = $1 AND ("# + same.joined(separator: " OR ") + ") FOR UPDATE", arguments)
    }

    func list(agentId: String, search: String?, limit: Int, offset: Int) async throws -> ([ContactRecord], total: Int) {
        var arguments: [SQLValue] = [.text(agentId)]
        var filter = #" WHERE "agentId" = $1"#
        if let search = search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let escaped = { (text: String) in
                "%"
                    + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
            }
            arguments += [.text(escaped(search)), .text(escaped(search.lowercased()))]
            var matches = #""name" ILIKE $2 ESCAPE '\' OR "email" ILIKE $3 ESCAPE '\'"#
            if let digits = Contacts.phoneKey(search), digits.contains(where: \.isNumber) {
                arguments.append(.text(escaped(digits)))
                matches += #" OR "phone" ILIKE $4 ESCAPE '\'"#
            }
            filter += " AND (\(matches))"
        }
        return try await store.read(snapshot: true) { [arguments, filter] sql in
            let total = try await sql.value(Int.self, #"SELECT count(*) FROM "contact""# + filter, arguments) ?? 0
            let rows = try await sql.fetchAll(
                ContactRecord.self,
                #"SELECT * FROM "contact""# + filter + #" ORDER BY "updatedAt" DESC, "id" DESC LIMIT \#(limit) OFFSET \#(offset)"#,
                arguments)
            return (rows, total)
        }
    }

    func update(_ id: Int64, agentId: String, name: String, phone: String?, email: String?, now: Date) async throws -> ContactRecord? {
        let entry = try Contacts.checked(name: name, phone: phone, email: email, now: now)
        return try await store.write { sql in
            try await sql.lock("contact:" + agentId)
            guard
                let contact = try await sql.fetchOne(
                    ContactRecord.self, #"SELECT * FROM "contact" WHERE "id" = $1 AND "agentId" = $2 FOR UPDATE"#,
                    [.int(id), .text(agentId)])
            else { return nil }
            let corrected = try Contacts.corrected(contact, to: entry, beside: try await Self.matching(sql, agentId: agentId, entry))
            try await sql.update(corrected, in: "contact")
            return corrected
        }
    }

    func delete(_ id: Int64, agentId: String) async throws -> Bool {
        try await store.write { sql in
            try await !sql.execute(
                #"DELETE FROM "contact" WHERE "id" = $1 AND "agentId" = $2 RETURNING "id""#, [.int(id), .text(agentId)]
            ).isEmpty
        }
    }
}
