import Foundation

/// Dates as values: entered as ISO 8601 (`2026-11-21`, or a full timestamp), printed with the
/// field's pattern. Formatting is done in UTC with a fixed POSIX locale so a document comes out
/// the same on every machine.
package enum DateValue {
    /// The pattern used when a field names none.
    package static let defaultPattern = "yyyy-MM-dd"

    /// Formats an ISO 8601 date with `pattern` (Unicode date-format symbols such as `dd/MM/yyyy`
    /// or `d MMMM yyyy`); anything that is not an ISO date is refused, naming the field.
    package static func format(_ value: String, pattern: String?, field: String) throws -> String {
        guard let date = parse(value) else {
            throw SignetError(.invalidInput, "'\(value)' is not a date: write it as YYYY-MM-DD", field: field)
        }
        return format(date, pattern: pattern)
    }

    /// Formats a date with `pattern` (default `yyyy-MM-dd`).
    package static func format(_ date: Date, pattern: String?, timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern ?? defaultPattern
        return formatter.string(from: date)
    }

    /// Parses `yyyy-MM-dd` or a full ISO 8601 timestamp.
    package static func parse(_ value: String) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        day.isLenient = false
        if trimmed.count == 10, let d = day.date(from: trimmed) { return d }
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: trimmed) { return d }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return iso.date(from: trimmed)
    }
}
