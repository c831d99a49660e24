import Foundation
import Testing

@testable import SignetModel

@Suite("Values by kind")
struct ValueCheckTests {
    func problem(_ kind: FieldKind, _ value: StampValue, _ configure: (inout FieldDefinition) -> Void = { _ in }) -> String? {
        var field = FieldDefinition.at("f", kind)
        configure(&field)
        return ValueCheck.problem(with: value, for: field)
    }

    @Test("text: one line unless multiline, max length, pattern")
    func text() {
        #expect(problem(.text, .text("Amara Okafor-Lévy")) == nil)
        #expect(problem(.text, .text("two\nlines"))?.hasPrefix("this field holds one line") == true)
        #expect(problem(.text, .text("two\nlines")) { $0.multiline = true } == nil)
        #expect(problem(.text, .text("abcdef")) { $0.maxLength = 5 } == "6 characters is more than the 5 allowed")
        #expect(problem(.text, .text("LN-123456")) { $0.pattern = "LN-[0-9]{6}" } == nil)
        #expect(problem(.text, .text("LN-12345X")) { $0.pattern = "LN-[0-9]{6}" }?.contains("expected form") == true)
        // The pattern must match the whole value, not a part of it.
        #expect(problem(.text, .text("xLN-123456")) { $0.pattern = "LN-[0-9]{6}" } != nil)
        #expect(problem(.text, .checked(true)) == "a text field takes a string, not true/false")
    }

    @Test("numbers parse and stay in range")
    func numbers() {
        #expect(problem(.number, .text("1250.50")) == nil)
        #expect(problem(.number, .text("-3")) == nil)
        #expect(problem(.number, .text("12,5"))?.hasPrefix("'12,5' is not a number") == true)
        #expect(problem(.number, .text("1e5")) != nil)
        #expect(problem(.number, .text("999")) { $0.min = 1000 } == "999 is below the minimum of 1000")
        #expect(problem(.number, .text("500001")) { $0.max = 500_000 } == "500001 is above the maximum of 500000")
    }

    @Test(
        "emails and E.164 phones are well formed",
        arguments: [
            (FieldKind.email, "jane.doe+loans@example.co.uk", true), (.email, "jane@localhost", false),
            (.email, "jane@@example.com", false),
            (.email, "jane doe@example.com", false), (.phone, "+447700900123", true), (.phone, "+14155552671", true),
            (.phone, "07700900123", false), (.phone, "+44 7700 900123", false), (.phone, "+0447700900123", false),
            (.phone, "+1234567890123456", false),
            // A trailing line break is not part of a well-formed address or number (ICU's '$' let it through).
            (.email, "jane@example.com\n", false), (.phone, "+447700900123\n", false),
        ])
    func contacts(kind: FieldKind, value: String, valid: Bool) {
        #expect((problem(kind, .text(value)) == nil) == valid)
    }

    @Test("patterns: whole-value matches, bounded work, a refused stored pattern leaves the field unfillable")
    func patterns() {
        let nested: (inout FieldDefinition) -> Void = { $0.pattern = "^(a+)+b$" }
        let started = ContinuousClock.now
        #expect(problem(.text, .text(String(repeating: "a", count: 40)), nested)?.contains("expected form") == true)
        #expect(ContinuousClock.now - started < .milliseconds(200))
        #expect(problem(.text, .text("aaab"), nested) == nil)
        let long = String(repeating: "a", count: FieldPattern.maxValueLength + 1)
        #expect(problem(.text, .text(long)) { $0.pattern = "a*" } == "this field's pattern checks at most 10000 characters")
        #expect(problem(.text, .text(long)) { $0.multiline = true } == nil)
        #expect(
            problem(.text, .text("a")) { $0.pattern = "(?=a)a" }
                == "the field's pattern cannot be checked (the pattern uses a lookahead (?=...), which cannot be checked in linear time); ask for the field to be corrected"
        )
        #expect(ValueCheck.patternError("LN-[0-9]{6}") == nil)
        #expect(ValueCheck.patternError(#"(a)\1"#) == "the pattern uses a backreference (\\1), which cannot be checked in linear time")
    }

    @Test("dates parse as ISO days or timestamps")
    func dates() {
        #expect(problem(.date, .text("2026-11-21")) == nil)
        #expect(problem(.date, .text("2026-11-21T10:00:00Z")) == nil)
        #expect(problem(.date, .text("2026-02-30")) == "'2026-02-30' is not a date: write it as YYYY-MM-DD")
        #expect(problem(.date, .text("21/11/2026")) != nil)
    }

    @Test("choices are among the options; checkboxes are booleans")
    func choices() {
        let options: (inout FieldDefinition) -> Void = { $0.options = [FieldOption(value: "monthly"), FieldOption(value: "yearly")] }
        #expect(problem(.dropdown, .text("monthly"), options) == nil)
        #expect(problem(.radio, .text("weekly"), options) == "'weekly' is not one of the options: 'monthly', 'yearly'")
        #expect(problem(.checkbox, .checked(false)) == nil)
        #expect(problem(.checkbox, .text("yes")) == "a checkbox field takes true or false, not text")
    }

    @Test("signatures are present and not empty; images are images")
    func signatures() {
        #expect(problem(.signature, .strokes([[.init(x: 1, y: 2), .init(x: 5, y: 9)]])) == nil)
        #expect(problem(.signature, .strokes([[]])) == "the drawing is empty")
        #expect(problem(.initials, .strokes([[.init(x: .infinity, y: 2)]])) != nil)
        #expect(problem(.initials, .typed("  ")) == "the typed signature is empty")
        #expect(problem(.signature, .image("SampleDocs/signature.png")) == nil)
        #expect(problem(.signature, .text("Jane")) == "a signature field takes drawn strokes, a typed name or an image, not text")
        #expect(problem(.image, .typed("Jane")) != nil)
    }

    @Test("emptiness: blank text, unticked box, empty drawing")
    func emptiness() {
        #expect(ValueCheck.isEmpty(.text("  \n")))
        #expect(ValueCheck.isEmpty(.checked(false)))
        #expect(ValueCheck.isEmpty(.strokes([])))
        #expect(!ValueCheck.isEmpty(.text("0")))
    }
}
