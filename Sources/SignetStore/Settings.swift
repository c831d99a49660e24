import Foundation
import GRDB
import SignetModel

/// What an admin sets for the whole service, kept in the store (so every server process and
/// every restart sees the same): for now, the reminder plan of sessions started without one.
package struct Settings: Sendable {
    let store: Store

    /// Creates the service.
    package init(store: Store) { self.store = store }

    static let reminderKey = "reminders"

    /// The admin's default reminder plan; nil: sessions started without one are not reminded.
    package func defaultReminders() async throws -> ReminderPlan? {
        try await store.read { db in try Self.defaultReminders(db) }
    }

    static func defaultReminders(_ db: Database) throws -> ReminderPlan? {
        guard let json = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [reminderKey]) else {
            return nil
        }
        let plan = try JSONDecoder().decode(ReminderPlan.self, from: Data(json.utf8))
        return plan.max > 0 ? plan : nil
    }

    /// Sets (or, with nil, removes) the default reminder plan.
    package func setDefaultReminders(_ plan: ReminderPlan?, now: Date) async throws {
        try await store.write { db in
            guard let plan, plan.max > 0 else {
                try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [Self.reminderKey])
                return
            }
            let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
            try db.execute(
                sql: "INSERT INTO setting (key, value, updatedAt) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = ?, updatedAt = ?",
                arguments: [Self.reminderKey, json, now, json, now])
        }
    }
}
