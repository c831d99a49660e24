import Foundation
import Testing

@testable import SignetModel

@Suite("Stamp inputs")
struct StampInputTests {
    @Test("values decode from the documented JSON shapes")
    func values() throws {
        let json = """
            {"name": "Ada", "ok": true, "n": 42, "sig": {"typed": "Ada L"}, "img": {"image": "data:image/png;base64,AAAA"},
             "drawn": {"strokes": [[[1, 2], [3, 4.5]]]}}
            """
        let v = try JSONDecoder().decode([String: StampValue].self, from: Data(json.utf8))
        #expect(v["name"] == .text("Ada"))
        #expect(v["ok"] == .checked(true))
        #expect(v["n"] == .text("42"))
        #expect(v["sig"] == .typed("Ada L"))
        #expect(v["img"] == .image("data:image/png;base64,AAAA"))
        #expect(v["drawn"] == .strokes([[.init(x: 1, y: 2), .init(x: 3, y: 4.5)]]))
        // And they encode back to the same shapes.
        let again = try JSONDecoder().decode([String: StampValue].self, from: JSONEncoder().encode(v))
        #expect(again == v)
    }

    @Test("an unknown value shape is refused")
    func badValue() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: StampValue].self, from: Data(#"{"x": {"colour": 1}}"#.utf8))
        }
    }

    @Test("fields decode from the documented example")
    func fields() throws {
        let json = """
            {"fields": [{"id": "full_name", "kind": "text", "page": 1, "rect": {"x": 72, "y": 90, "width": 220, "height": 18}},
                        {"id": "customer_sig", "kind": "signature", "page": 2, "rect": {"x": 300, "y": 700, "width": 150, "height": 56}}]}
            """
        let list = try JSONDecoder().decode(StampFieldList.self, from: Data(json.utf8))
        #expect(list.fields.map(\.id) == ["full_name", "customer_sig"])
        #expect(list.fields[1].rect == Rect(x: 300, y: 700, width: 150, height: 56))
    }

    let bounds = [1: Rect(x: 0, y: 0, width: 595, height: 842)]

    @Test("validation names the field and the reason")
    func validation() {
        let ok = StampField(id: "a", kind: .text, page: 1, rect: Rect(x: 10, y: 10, width: 100, height: 20))
        #expect(throws: Never.self) { try StampPlan.validate(fields: [ok], values: ["a": .text("x")], pageCount: 1, bounds: bounds) }

        func problem(_ fields: [StampField], _ values: [String: StampValue] = [:]) -> SignetError? {
            do {
                try StampPlan.validate(fields: fields, values: values, pageCount: 1, bounds: bounds)
                return nil
            } catch { return error as? SignetError }
        }
        var offPage = ok
        offPage.page = 2
        #expect(problem([offPage])?.field == "a")
        #expect(problem([offPage])?.message.contains("page 2 does not exist") == true)
        var outside = ok
        outside.rect.x = 560
        #expect(problem([outside])?.message.contains("not inside page 1") == true)
        var empty = ok
        empty.rect.width = 0
        #expect(problem([empty])?.message.contains("positive") == true)
        #expect(problem([ok, ok])?.message.contains("more than one") == true)
        #expect(problem([ok], ["ghost": .text("boo")])?.field == "ghost")
    }

    @Test("page selections parse and bound-check")
    func pageSelection() throws {
        #expect(try PageSelection(parsing: "1,3-5").pages(of: 6) == [1, 3, 4, 5])
        #expect(try PageSelection(parsing: "all").pages(of: 3) == [1, 2, 3])
        #expect(try PageSelection(parsing: "2,2,1-2").pages(of: 3) == [2, 1])
        #expect(throws: SignetError.self) { try PageSelection(parsing: "3-1") }
        #expect(throws: SignetError.self) { try PageSelection(parsing: "x") }
        #expect(throws: SignetError.self) { try PageSelection(parsing: "1-9").pages(of: 3) }
    }

    @Test("dates are ISO in and patterned out")
    func dates() throws {
        #expect(try DateValue.format("2026-11-21", pattern: "dd/MM/yyyy", field: "d") == "21/11/2026")
        #expect(try DateValue.format("2026-03-14", pattern: "d MMMM yyyy", field: "d") == "14 March 2026")
        #expect(try DateValue.format("2026-11-21T10:00:00Z", pattern: nil, field: "d") == "2026-11-21")
        #expect(throws: SignetError.self) { try DateValue.format("21/11/2026", pattern: nil, field: "d") }
        #expect(throws: SignetError.self) { try DateValue.format("2026-02-30", pattern: nil, field: "d") }
    }
}
