import Testing

@testable import SignetModel

@Suite("ISO 8601 durations and reminder plans")
struct ISODurationTests {
    func seconds(_ text: String) -> Int? {
        if case .success(let d) = ISODuration.parse(text) { return d.seconds }
        return nil
    }

    @Test("weeks, days and times of day are read; the shortest form is written back")
    func accepted() {
        #expect(seconds("P7D") == 7 * 86_400)
        #expect(seconds("PT3S") == 3)
        #expect(seconds("P1DT12H") == 36 * 3600)
        #expect(seconds("P2W") == 14 * 86_400)
        #expect(seconds("PT1H30M") == 5400)
        #expect(seconds("PT90M") == 5400)
        #expect(seconds("pt2s") == 2)
        #expect(seconds("P0D") == 0)
        #expect(ISODuration(seconds: 36 * 3600).description == "P1DT12H")
        #expect(ISODuration(seconds: 5400).description == "PT1H30M")
        #expect(ISODuration(seconds: 0).description == "PT0S")
        for text in ["P7D", "PT3S", "P1DT12H", "PT1H30M", "P3DT4M5S"] { #expect("\(ISODuration(seconds: seconds(text)!))" == text) }
    }

    @Test("months, years, fractions, signs, empty parts, wrong order and mixed weeks are refused with a reason")
    func refused() {
        for text in [
            "", "P", "PT", "P1DT", "7D", "P1M", "P1Y", "P1Y2D", "PT1.5H", "PT1,5H", "P-1D", "-P1D", "P1S", "PT1D", "PT3S5M", "P1D1D",
            "P1W2D", "PT", "P1DT2", "PTH", "P 1D", "P1H", "P9999999999D", String(repeating: "1", count: 100),
        ] {
            #expect(seconds(text) == nil, "\(text)")
        }
        guard case .failure(let months) = ISODuration.parse("P1M") else { return #expect(Bool(false)) }
        #expect(months.reason.contains("months and years"))
        #expect(throws: FieldProblems.self) { try ISODuration.parse("P1D", field: "lifetime", label: "Lifetime", within: 1...60) }
        do {
            _ = try ISODuration.parse("P400D", field: "lifetime", label: "Lifetime", within: 1...(365 * 86_400))
            Issue.record("P400D accepted")
        } catch {
            #expect(error.problems.map(\.field) == ["lifetime"] && error.problems[0].reason.contains("between PT1S and P365D"))
        }
    }

    @Test("a reminder plan names each bad part; max 0 needs no durations")
    func reminderPlans() {
        guard case .success(let plan) = ReminderPlan.parse(.init(first: "P1D", every: "P2D", max: 3), field: "reminders") else {
            return #expect(Bool(false))
        }
        #expect(plan == ReminderPlan(first: 86_400, every: 172_800, max: 3))
        #expect(plan.written == ReminderPlan.Written(first: "P1D", every: "P2D", max: 3))
        guard case .failure(let problems) = ReminderPlan.parse(.init(first: "P1M", every: nil, max: 11), field: "reminders") else {
            return #expect(Bool(false))
        }
        #expect(Set(problems.problems.map(\.field)) == ["reminders.first", "reminders.every", "reminders.max"])
        guard case .success(let off) = ReminderPlan.parse(.init(first: nil, every: nil, max: 0), field: "reminders") else {
            return #expect(Bool(false))
        }
        #expect(off.max == 0)
    }
}
