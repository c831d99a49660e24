import Foundation
import Testing

@testable import SignetModel

@Suite("Send and finish checks")
struct FillCheckTests {
    /// A loan-like document: agent-required reference and amount, customer-required name and
    /// signature, an optional customer checkbox, a read-only prefilled agent field and a
    /// signing date.
    var fields: [FieldDefinition] {
        var amount = FieldDefinition.at("amount", .number, role: .agent, required: true)
        amount.label = "Loan amount"
        amount.min = 1000
        var ref = FieldDefinition.at("ref", .text, role: .agent, required: true)
        ref.label = "Reference"
        var lender = FieldDefinition.at("lender", .text, role: .agent)
        lender.value = .text("Signet Lending Ltd")
        lender.readOnly = true
        var signed = FieldDefinition.at("signed_on", .signingDate)
        signed.timeZone = "Asia/Tokyo"
        signed.dateFormat = "yyyy-MM-dd HH:mm"
        var name = FieldDefinition.at("name", .text, required: true)
        name.value = .text("Prefilled Name")
        return [
            ref, amount, lender, name, .at("sig", .signature, required: true), .at("agree", .checkbox, required: true),
            .at("news", .checkbox), signed,
        ]
    }

    @Test("send refuses, naming each missing or invalid agent-required field")
    func sendRefused() throws {
        let result = FillCheck.send(fields, agentValues: ["amount": .text("12")], images: .dataURLsOnly)
        guard case .failure(let error) = result else {
            Issue.record("send should be refused")
            return
        }
        #expect(error.stage == "send")
        #expect(error.problems.map(\.field) == ["ref", "amount"])
        #expect(error.problems.map(\.label) == ["Reference", "Loan amount"])
        #expect(error.problems.map(\.reason) == ["this field is required", "12 is below the minimum of 1000"])
    }

    @Test("send accepts agent values, keeps read-only prefills, refuses customer and unknown fields")
    func send() throws {
        let ok = try FillCheck.send(fields, agentValues: ["ref": .text("LN-1"), "amount": .text("25000")], images: .dataURLsOnly).get()
        #expect(ok == ["ref": .text("LN-1"), "amount": .text("25000"), "lender": .text("Signet Lending Ltd")])
        let bad = FillCheck.send(
            fields,
            agentValues: [
                "ref": .text("LN-1"), "amount": .text("2000"), "name": .text("x"), "ghost": .text("y"),
                "lender": .text("Other Ltd"),
            ], images: .dataURLsOnly)
        guard case .failure(let error) = bad else {
            Issue.record("send should be refused")
            return
        }
        #expect(error.problems.reasons("name") == ["this field is for the customer to fill"])
        #expect(error.problems.reasons("ghost") == ["there is no field with this id"])
        #expect(error.problems.reasons("lender") == ["the field is read-only and keeps its value"])
    }

    @Test("finish refuses customer values for agent fields and signing dates, and missing required fields")
    func finishRefused() throws {
        let agent: [String: StampValue] = ["ref": .text("LN-1"), "amount": .text("25000")]
        let result = FillCheck.finish(
            fields, agentValues: agent,
            customerValues: ["amount": .text("1"), "signed_on": .text("2020-01-01"), "agree": .checked(false), "name": .text(" ")],
            signedAt: Date(), images: .dataURLsOnly)
        guard case .failure(let error) = result else {
            Issue.record("finish should be refused")
            return
        }
        #expect(error.stage == "finish")
        #expect(error.problems.reasons("amount") == ["this field belongs to the agent; the customer cannot change it"])
        #expect(error.problems.reasons("signed_on") == ["a signing date is filled in automatically when the customer signs"])
        #expect(error.problems.reasons("sig") == ["this field is required"])
        #expect(error.problems.reasons("agree") == ["this box must be ticked"])
        #expect(error.problems.reasons("name") == ["this field is required"])
    }

    @Test("finish merges agent and customer values, prefills and the signing date in its time zone")
    func finish() throws {
        let signedAt = ISO8601DateFormatter().date(from: "2026-11-21T23:30:00Z")!
        let values = try FillCheck.finish(
            fields, agentValues: ["ref": .text("LN-1"), "amount": .text("25000")],
            customerValues: ["sig": .typed("Amara"), "agree": .checked(true)], signedAt: signedAt, images: .dataURLsOnly
        ).get()
        #expect(values["name"] == .text("Prefilled Name"))
        #expect(values["lender"] == .text("Signet Lending Ltd"))
        #expect(values["signed_on"] == .text("2026-11-22 08:30"))
        #expect(values["news"] == nil)
        #expect(values.count == 7)
    }

    @Test("one flat set of values splits by role")
    func split() {
        let parts = FillCheck.split(["ref": .text("a"), "name": .text("b"), "zzz": .text("c")], by: fields)
        #expect(parts.agent.keys.sorted() == ["ref"] && parts.customer.keys.sorted() == ["name"] && parts.unknown.keys.sorted() == ["zzz"])
    }

    @Test("stamping: a radio group draws a mark in the chosen option's box; signing dates print as text")
    func stampConversion() {
        var radio = FieldDefinition(id: "plan", kind: .radio, page: 1)
        radio.options = [
            FieldOption(value: "a", rect: MeasuredRect(x: 10, y: 10, width: 10, height: 10)),
            FieldOption(value: "b", rect: MeasuredRect(x: 30, y: 10, width: 10, height: 10)),
        ]
        radio.rect = MeasuredRect(x: 10, y: 10, width: 30, height: 10)
        var when = FieldDefinition.at("when", .signingDate)
        when.dateFormat = "d MMMM yyyy"
        let input = StampConversion.stampInput(
            [radio, when, .at("empty", .text)], values: ["plan": .text("b"), "when": .text("21 November 2026")])
        #expect(input.fields.map(\.id) == ["plan", "when"])
        #expect(input.fields[0].kind == .checkbox && input.fields[0].rect == Rect(x: 30, y: 10, width: 10, height: 10))
        #expect(input.values["plan"] == .checked(true))
        #expect(input.fields[1].kind == .text && input.fields[1].dateFormat == nil)
    }
}
