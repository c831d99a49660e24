import SignetModel

/// Service-wide settings as every signed-in account reads them.
package struct SettingsView: Encodable, Sendable {
    /// The default reminder plan; null: sessions started without one are not reminded.
    package var reminders: ReminderPlan?

    package init(reminders: ReminderPlan?) { self.reminders = reminders }
}

/// `PUT /settings`: the new default; `{"max": 0}` or null turns default reminders off.
package struct SettingsUpdate: Decodable, Sendable {
    package var reminders: ReminderPlan.Written?
}
