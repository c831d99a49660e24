import Foundation
import Hummingbird
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

    struct View: ResponseEncodable {
        /// The default reminder plan; null: sessions started without one are not reminded.
        var reminders: ReminderPlan?
    }

    struct Update: Decodable {
        /// The new default; `{"max": 0}` or null turns default reminders off.
        var reminders: ReminderPlan.Written?
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> View {
        _ = try context.user()
        return View(reminders: try await settings.defaultReminders())
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> View {
        _ = try context.admin()
        let body = try await request.decode(as: Update.self, context: context)
        var plan: ReminderPlan?
        if let written = body.reminders {
            switch ReminderPlan.parse(written, field: "reminders") {
            case .success(let parsed): plan = parsed
            case .failure(let problems): throw problems
            }
        }
        try await settings.setDefaultReminders(plan)
        return View(reminders: try await settings.defaultReminders())
    }
}
