import Foundation
import SignetFiles
import SignetModel

/// The sample AcroForm: a short account-opening form with text, checkbox, radio and dropdown
/// fields, plus `form.fields.json` and `form.values.json` that fill it with `signet stamp`.
enum SampleForm {
    static let labels: [(id: String, label: String, rect: Rect)] = [
        ("full_name", "Full name", Rect(x: 180, y: 150, width: 300, height: 20)),
        ("email", "Email", Rect(x: 180, y: 185, width: 300, height: 20)),
        ("birth_date", "Date of birth", Rect(x: 180, y: 220, width: 140, height: 20)),
    ]
    static let planBasic = Rect(x: 180, y: 262, width: 14, height: 14)
    static let planPremium = Rect(x: 300, y: 262, width: 14, height: 14)
    static let country = Rect(x: 180, y: 295, width: 160, height: 20)
    static let agree = Rect(x: 72, y: 340, width: 14, height: 14)
    static let signature = Rect(x: 72, y: 400, width: 220, height: 60)
    static let signedOn = Rect(x: 330, y: 430, width: 150, height: 20)

    static func write(pdf: String, fields: String, values: String) throws {
        try SampleDocuments.make(pdf, decoration: decorate) { sketch in
            try sketch.page { pen in
                pen.text("Account opening form", Rect(x: 72, y: 72, width: 451, height: 26), size: 20, bold: true)
                pen.text(
                    "Please complete every field. Fields marked * are required.", Rect(x: 72, y: 110, width: 451, height: 14), size: 10)
                for field in labels {
                    pen.text(field.label + " *", Rect(x: 72, y: field.rect.y + 3, width: 100, height: 14), size: 10)
                }
                pen.text("Plan", Rect(x: 72, y: 262, width: 100, height: 14), size: 10)
                pen.text("Basic", Rect(x: 198, y: 262, width: 80, height: 14), size: 10)
                pen.text("Premium", Rect(x: 318, y: 262, width: 80, height: 14), size: 10)
                pen.text("Country", Rect(x: 72, y: 298, width: 100, height: 14), size: 10)
                pen.text("I agree to the terms and conditions *", Rect(x: 92, y: 340, width: 400, height: 14), size: 10)
                pen.box(signature)
                pen.text("Signature", Rect(x: 72, y: 462, width: 220, height: 12), size: 8)
                pen.line(x: signedOn.x, y: signedOn.maxY, width: signedOn.width)
                pen.text("Date signed", Rect(x: signedOn.x, y: signedOn.maxY + 2, width: 150, height: 12), size: 8)
            }
        }
        try writeJSON(stampFields, to: fields)
        try writeJSON(sampleValues, to: values)
    }

    private static func decorate(_ d: inout Decoration, _ pages: [PageGeometry]) {
        let page = pages[0]
        func r(_ rect: Rect) -> [Double] { Decoration.userRect(rect, on: page) }
        d.info = ["Title": "Account opening form", "Author": "Signet samples"]
        d.fields = labels.map { .init(name: $0.id, type: "text", page: 1, rect: r($0.rect), required: true, tooltip: $0.label) }
        d.fields.append(
            .init(
                name: "plan", type: "radio",
                widgets: [
                    .init(page: 1, rect: r(planBasic), onState: "basic"), .init(page: 1, rect: r(planPremium), onState: "premium"),
                ]))
        d.fields.append(
            .init(
                name: "country", type: "dropdown", page: 1, rect: r(country), value: "France",
                options: ["France", "Germany", "Israel", "Morocco", "Japan"]))
        d.fields.append(.init(name: "agree", type: "checkbox", page: 1, rect: r(agree), required: true, checked: false, onState: "Yes"))
    }

    /// Our stamp fields over the form's widgets; each replaces its AcroForm field so the value
    /// shows once.
    static var stampFields: StampFieldList {
        var fields = labels.map {
            StampField(
                id: $0.id, kind: $0.id == "birth_date" ? .date : $0.id == "email" ? .email : .text, page: 1, rect: $0.rect,
                dateFormat: $0.id == "birth_date" ? "d MMMM yyyy" : nil, replacesFormField: $0.id)
        }
        fields.append(StampField(id: "plan_premium", kind: .checkbox, page: 1, rect: planPremium, replacesFormField: "plan"))
        fields.append(StampField(id: "country", kind: .dropdown, page: 1, rect: country, replacesFormField: "country"))
        fields.append(StampField(id: "agree", kind: .checkbox, page: 1, rect: agree, replacesFormField: "agree"))
        fields.append(StampField(id: "customer_sig", kind: .signature, page: 1, rect: signature))
        fields.append(StampField(id: "signed_on", kind: .signingDate, page: 1, rect: signedOn, dateFormat: "d MMM yyyy"))
        return StampFieldList(fields: fields)
    }

    static var sampleValues: [String: StampValue] {
        let stroke: [[StampValue.Point]] = [
            [(10, 40), (25, 12), (35, 45), (50, 20), (62, 42), (80, 18), (95, 38)].map { StampValue.Point(x: $0.0, y: $0.1) },
            [(100, 30), (130, 28), (160, 35), (200, 22)].map { StampValue.Point(x: $0.0, y: $0.1) },
        ]
        return [
            "full_name": .text("Amara Okafor-Lévy"), "email": .text("amara@example.com"), "birth_date": .text("1988-03-14"),
            "plan_premium": .checked(true), "country": .text("Israel"), "agree": .checked(true), "customer_sig": .strokes(stroke),
            "signed_on": .text("2026-11-21"),
        ]
    }

    private static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(value)) + [10], to: path)
    }
}
