import Foundation
import Testing

@testable import SignetModel

@Suite("Definition check")
struct DefinitionCheckTests {
    func problems(_ fields: [FieldDefinition], pages: Int = 2) -> [FieldProblem] {
        FieldLayout.place(fields, in: TestDocument.a4(pages: pages)).problems
    }

    @Test("a valid definition has no problems")
    func valid() {
        var choice = FieldDefinition.at("term", .dropdown, role: .agent, required: true)
        choice.options = [FieldOption(value: "12 months"), FieldOption(value: "24 months")]
        var amount = FieldDefinition.at("amount", .number, role: .agent)
        amount.min = 1000
        amount.max = 500_000
        var ref = FieldDefinition.at("ref", .text)
        ref.pattern = "LN-[0-9]{6}"
        ref.maxLength = 9
        var signed = FieldDefinition.at("signed_on", .signingDate)
        signed.timeZone = "Europe/London"
        signed.dateFormat = "d MMMM yyyy"
        #expect(problems([choice, amount, ref, signed, .at("sig", .signature, page: 2)]).isEmpty)
    }

    @Test("page must exist, rectangle positive and inside the page")
    func placement() {
        var wide = FieldDefinition.at("wide", .text)
        wide.rect = MeasuredRect(x: 500, y: 10, width: 200, height: 20)
        var flat = FieldDefinition.at("flat", .text)
        flat.rect = MeasuredRect(x: 10, y: 10, width: 100, height: 0)
        var nan = FieldDefinition.at("nan", .text)
        nan.rect = MeasuredRect(x: .nan, y: 10, width: 100, height: 10)
        var nowhere = FieldDefinition(id: "nowhere", kind: .text)
        nowhere.rect = MeasuredRect(x: 1, y: 1, width: 1, height: 1)
        let found = problems([.at("p3", .text, page: 3), .at("p0", .text, page: 0), wide, flat, nan, nowhere])
        #expect(found.reasons("p3") == ["page 3 does not exist: the document has 2 pages"])
        #expect(found.reasons("p0") == ["page 0 does not exist: the document has 2 pages"])
        #expect(found.reasons("wide").first?.hasPrefix("the rectangle (x 500.0, y 10.0, 200.0 x 20.0 pt) is not inside page 1") == true)
        #expect(found.reasons("flat") == ["the rectangle must have a positive width and height"])
        #expect(found.reasons("nan") == ["the rectangle has a coordinate that is not a number"])
        #expect(found.reasons("nowhere") == ["the field needs a page and a rectangle, or an anchor"])
    }

    @Test("ids are unique and plain")
    func ids() {
        let found = problems([.at("a", .text), .at("a", .text), .at("bad id", .text), .at("", .text)])
        #expect(found.reasons("a") == ["the id is used by more than one field"])
        #expect(found.reasons("bad id").first?.hasPrefix("the id must be") == true)
        #expect(found.reasons("").count == 1)
    }

    @Test("radio and dropdown need options; radio options need their own boxes")
    func options() {
        let bareDropdown = FieldDefinition.at("d", .dropdown)
        var dup = FieldDefinition.at("dup", .dropdown)
        dup.options = [FieldOption(value: "a"), FieldOption(value: "a")]
        var radio = FieldDefinition(id: "r", kind: .radio, page: 1)
        radio.options = [FieldOption(value: "yes", rect: MeasuredRect(x: 10, y: 10, width: 10, height: 10)), FieldOption(value: "no")]
        var stray = FieldDefinition.at("stray", .text)
        stray.options = [FieldOption(value: "x")]
        let found = problems([bareDropdown, dup, radio, stray])
        #expect(found.reasons("d") == ["a dropdown field needs options"])
        #expect(found.reasons("dup") == ["two options have the same value"])
        #expect(found.reasons("r") == ["option 'no' needs its own rectangle (the button to tick)"])
        #expect(found.reasons("stray") == ["options apply only to dropdown and radio fields"])
    }

    @Test("patterns compile, rules fit the kind")
    func rules() {
        var badPattern = FieldDefinition.at("bp", .text)
        badPattern.pattern = "([a-z"
        var patternOnBox = FieldDefinition.at("pb", .checkbox)
        patternOnBox.pattern = "x"
        var range = FieldDefinition.at("range", .number)
        range.min = 10
        range.max = 1
        var zone = FieldDefinition.at("zone", .signingDate)
        zone.timeZone = "Mars/Olympus"
        var format = FieldDefinition.at("fmt", .text)
        format.dateFormat = "yyyy"
        var size = FieldDefinition.at("size", .text)
        size.fontSize = 0
        var lines = FieldDefinition.at("lines", .email)
        lines.multiline = true
        var length = FieldDefinition.at("len", .text)
        length.maxLength = 0
        let found = problems([badPattern, patternOnBox, range, zone, format, size, lines, length])
        #expect(found.reasons("bp") == ["the pattern has a '[' that is not closed"])
        // Refused where the agent or admin defines it, not when a customer's value meets it.
        var lookahead = FieldDefinition.at("la", .text)
        lookahead.pattern = "(?=[0-9])[0-9a-z]+"
        var multiplied = FieldDefinition.at("big", .text)
        multiplied.pattern = "([0-9]{1000}){1000}"
        let refused = problems([lookahead, multiplied])
        #expect(refused.reasons("la") == ["the pattern uses a lookahead (?=...), which cannot be checked in linear time"])
        #expect(refused.reasons("big").first?.hasPrefix("the pattern would compile to more than 2000 instructions") == true)
        #expect(found.reasons("pb") == ["a pattern applies only to text, number, email and phone fields"])
        #expect(found.reasons("range") == ["min is greater than max"])
        #expect(found.reasons("zone").first?.hasPrefix("'Mars/Olympus' is not a time zone name") == true)
        #expect(found.reasons("fmt") == ["dateFormat applies only to date and signingDate fields"])
        #expect(found.reasons("size") == ["fontSize must be between 0 and 500 points"])
        #expect(found.reasons("lines") == ["multiline applies only to text fields"])
        #expect(found.reasons("len") == ["maxLength must be at least 1"])
    }

    @Test("prefilled values are valid; read-only required fields have one; signing dates take none")
    func prefills() {
        var badPrefill = FieldDefinition.at("email", .email)
        badPrefill.value = .text("not-an-email")
        var locked = FieldDefinition.at("locked", .text, required: true)
        locked.readOnly = true
        var agentDate = FieldDefinition.at("when", .signingDate, role: .agent)
        agentDate.value = .text("2026-01-01")
        let found = problems([badPrefill, locked, agentDate])
        #expect(found.reasons("email") == ["the prefilled value is not valid: 'not-an-email' is not an email address (name@example.com)"])
        #expect(found.reasons("locked") == ["the field is read-only and required but has no value, so it could never be filled"])
        #expect(found.reasons("when").count == 2)
    }

    @Test("problems carry the label")
    func labels() {
        var field = FieldDefinition.at("x", .text, page: 9)
        field.label = "Full name"
        let problem = problems([field]).first
        #expect(problem?.label == "Full name" && problem?.field == "x")
        #expect(problem?.description == "x (Full name): page 9 does not exist: the document has 2 pages")
    }

    @Test("JSON: defaults, units on input, unknown keys refused by name")
    func json() throws {
        let json = """
            {"id": "n", "kind": "text", "page": 1, "rect": {"x": 10, "y": 10, "width": 50, "height": 8, "unit": "mm"}}
            """
        let field = try JSONDecoder().decode(FieldDefinition.self, from: Data(json.utf8))
        #expect(field.role == .customer && !field.required && !field.readOnly && field.rect?.unit == .mm)
        let typo = #"{"id": "n", "kind": "text", "requried": true}"#
        #expect {
            try JSONDecoder().decode(FieldDefinition.self, from: Data(typo.utf8))
        } throws: { error in
            "\(error)".contains("unknown key \"requried\" in a field")
        }
        let options =
            #"{"id": "r", "kind": "radio", "page": 1, "options": ["a", {"value": "b", "rect": {"x": 1, "y": 1, "width": 5, "height": 5}}]}"#
        let radio = try JSONDecoder().decode(FieldDefinition.self, from: Data(options.utf8))
        #expect(radio.options?.map(\.value) == ["a", "b"] && radio.options?[1].rect != nil)
        let roundTrip = try JSONDecoder().decode(FieldDefinition.self, from: JSONEncoder().encode(radio))
        #expect(roundTrip == radio)
    }
}
