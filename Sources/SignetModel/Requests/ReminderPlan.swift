/// When a customer who has something left to do is reminded: `first` after the invitation,
/// then every `every`, at most `max` times (0: never). Written as ISO 8601 durations, e.g.
/// `{"first": "P1D", "every": "P2D", "max": 3}`.
package struct ReminderPlan: Codable, Hashable, Sendable {
    /// Seconds from the invitation to the first reminder.
    package var first: Int
    /// Seconds between reminders.
    package var every: Int
    /// Most reminders sent on schedule.
    package var max: Int

    /// The bounds of `first` and `every`: a second (for tests) to 90 days.
    package static let durationBounds = 1...(90 * 86_400)
    /// The bound of `max`: more than ten reminders is harassment, not a reminder.
    package static let maxBounds = 0...10

    /// Creates a plan (already checked).
    package init(first: Int, every: Int, max: Int) {
        self.first = first
        self.every = every
        self.max = max
    }

    /// The plan as a request writes it; each part is checked by `parse`.
    package struct Written: Codable, Hashable, Sendable {
        package var first: String?
        package var every: String?
        package var max: Int?

        /// Creates the written form.
        package init(first: String?, every: String?, max: Int?) {
            self.first = first
            self.every = every
            self.max = max
        }
    }

    /// The written form of this plan.
    package var written: Written { Written(first: "\(ISODuration(seconds: first))", every: "\(ISODuration(seconds: every))", max: max) }

    /// Checks `written`, answering every problem with its field (`<prefix>.first`,
    /// `<prefix>.every`, `<prefix>.max`). A plan of `max` 0 needs no durations.
    package static func parse(_ written: Written, field prefix: String) -> Result<ReminderPlan, FieldProblems> {
        var problems: [FieldProblem] = []
        let most = written.max
        if most == nil || !maxBounds.contains(most!) {
            problems.append(
                FieldProblem(
                    field: "\(prefix).max", label: "Most reminders",
                    reason: "give how many reminders at most, \(maxBounds.lowerBound) to \(maxBounds.upperBound)"))
        }
        if most == 0 { return .success(ReminderPlan(first: 0, every: 0, max: 0)) }
        func duration(_ text: String?, _ name: String, _ label: String) -> Int? {
            guard let text else {
                problems.append(FieldProblem(field: "\(prefix).\(name)", label: label, reason: "give an ISO 8601 duration, e.g. P1D"))
                return nil
            }
            do {
                return try ISODuration.parse(text, field: "\(prefix).\(name)", label: label, within: durationBounds).seconds
            } catch {
                problems += error.problems
                return nil
            }
        }
        let first = duration(written.first, "first", "First reminder after")
        let every = duration(written.every, "every", "Then every")
        guard let first, let every, let most, problems.isEmpty else { return .failure(FieldProblems(stage: prefix, problems: problems)) }
        return .success(ReminderPlan(first: first, every: every, max: most))
    }

    /// Encoded as it is written (durations as ISO 8601 text).
    package func encode(to encoder: any Encoder) throws { try written.encode(to: encoder) }

    /// Decoded from its written form, checked.
    package init(from decoder: any Decoder) throws {
        let written = try Written(from: decoder)
        switch Self.parse(written, field: "reminders") {
        case .success(let plan): self = plan
        case .failure(let problems): throw problems
        }
    }
}
