import Foundation
import Hummingbird
import SignetAPI
import SignetModel
import SignetStore

/// Service-wide settings: the default reminder plan of sessions started without one. Every
/// signed-in account reads them (the console's start-session dialog shows the default); only
/// admins change them.
struct SettingsController {
    let settings: any SettingsRepository

    func register(_ group: RouterGroup<AppContext>) {
        group.get("settings", use: show)
        group.put("settings", use: update)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> SettingsView {
        _ = try context.user()
        return SettingsView(reminders: try await settings.defaultReminders())
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> SettingsView {
        _ = try context.admin()
        let body = try await request.decode(as: SettingsUpdate.self, context: context)
        try await settings.setDefaultReminders(try body.reminders.map { try ReminderPlan.parse($0, field: "reminders").get() } ?? nil)
        return SettingsView(reminders: try await settings.defaultReminders())
    }
}
