import Foundation
import Testing

@testable import SignetAPI
@testable import SignetModel

/// `NewSession.checked`: the lifetime and the reminder plan of a new session, read and checked
/// together with the customer's contact, every problem at once.
@Suite("New session body")
struct NewSessionCheckTests {
    private func body(_ json: String) throws -> NewSession {
        try JSONDecoder().decode(NewSession.self, from: Data(json.utf8))
    }

    private func fields(_ json: String) throws -> Set<String> {
        do {
            _ = try body(json).checked()
            return []
        } catch let found as FieldProblems {
            return Set(found.problems.map(\.field))
        }
    }

    @Test("a lifetime and a plan as written become seconds; left out, they stay nil for the defaults")
    func accepted() throws {
        let customer = #""customer": {"name": "Ada", "email": "ada@example.com", "channel": "email"}"#
        let given = try body(#"{\#(customer), "lifetime": "P2D", "reminders": {"first": "PT1H", "every": "P1D", "max": 3}}"#).checked()
        #expect(given.lifetime == 2 * 86_400)
        #expect(given.reminders == ReminderPlan(first: 3600, every: 86_400, max: 3))
        let defaults = try body("{\(customer)}").checked()
        #expect(defaults.lifetime == nil && defaults.reminders == nil)
        #expect(try body(#"{\#(customer), "reminders": {"max": 0}}"#).checked().reminders?.max == 0)
    }

    @Test("every problem is named at once: the customer's contact, the lifetime, each part of the plan")
    func refused() throws {
        let bad =
            #"{"customer": {"name": "", "email": "not-an-address", "channel": "email"}, "lifetime": "P2Y", "reminders": {"first": "soon", "max": 99}}"#
        let named = try fields(bad)
        #expect(named.isSuperset(of: ["lifetime", "reminders.first", "reminders.every", "reminders.max"]), "\(named)")
        #expect(named.contains("name"), "\(named)")
        #expect(
            try fields(#"{"customer": {"name": "Ada", "email": "ada@example.com", "channel": "email"}, "lifetime": "PT0S"}"#) == [
                "lifetime"
            ])
    }
}
