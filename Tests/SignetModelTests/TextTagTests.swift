import Testing

@testable import SignetModel

@Suite("Text tags and form import")
struct TextTagTests {
    let box = Rect(x: 72, y: 300, width: 120, height: 9)

    @Test("a tag becomes a field at its box, widened by w and h")
    func field() throws {
        let tag = try TextTag(parsing: "{{text;id=full_name;role=agent;required;label=Full name;w=180}}")
        let field = tag.field(page: 2, box: box, number: 1)
        #expect(field.id == "full_name" && field.kind == .text && field.role == .agent && field.required)
        #expect(field.label == "Full name" && field.page == 2)
        #expect(field.rect == MeasuredRect(x: 72, y: 300, width: 180, height: 9))
        let sig = try TextTag(parsing: "{{Signature; role=customer; h=40; readonly}}").field(page: 1, box: box, number: 3)
        #expect(sig.id == "signature_3" && sig.kind == .signature && sig.readOnly && !sig.required)
        #expect(sig.rect == MeasuredRect(x: 72, y: 300, width: 120, height: 40))
    }

    @Test("options are pipe-separated; radio options share the box")
    func options() throws {
        let dropdown = try TextTag(parsing: "{{dropdown;id=plan;options=Basic|Plus|Premium}}").field(page: 1, box: box, number: 1)
        #expect(dropdown.options?.map(\.value) == ["Basic", "Plus", "Premium"])
        let radio = try TextTag(parsing: "{{radio;id=freq;options=monthly|yearly;w=60;h=12}}").field(page: 1, box: box, number: 1)
        #expect(
            radio.options?.map(\.rect) == [
                MeasuredRect(x: 72, y: 300, width: 12, height: 12), MeasuredRect(x: 102, y: 300, width: 12, height: 12),
            ])
    }

    @Test(
        "bad tags are refused with a reason",
        arguments: [
            ("{{sketch;id=a}}", "'sketch' is not a field kind"), ("{{text;colour=red}}", "unknown key 'colour'"),
            ("{{text;mandatory}}", "unknown flag 'mandatory'"), ("{{text;w=-5}}", "w=-5 must be a positive number"),
            ("{{text;role=boss}}", "role=boss must be agent or customer"), ("{{text;id=a;id=b}}", "the key 'id' is given twice"),
        ])
    func bad(text: String, reason: String) {
        #expect {
            try TextTag(parsing: text)
        } throws: { error in
            (error as? TextTagError)?.message.hasPrefix(reason) == true
        }
    }

    @Test("AcroForm fields become definitions: kinds, names, options, radio buttons with their boxes")
    func formImport() {
        var report = TestDocument.a4(pages: 1)
        report.formFields = [
            FormFieldReport(
                name: "Applicant Name", kind: "text", widgets: [WidgetReport(page: 1, rect: Rect(x: 10, y: 10, width: 100, height: 12))],
                options: [], flags: 2, readOnly: false, required: true, multiline: false, value: "Jane", maxLength: 40),
            FormFieldReport(
                name: "plan", kind: "radio",
                widgets: [
                    WidgetReport(page: 1, rect: Rect(x: 10, y: 40, width: 10, height: 10), onState: "basic"),
                    WidgetReport(page: 1, rect: Rect(x: 30, y: 40, width: 10, height: 10), onState: "plus"),
                ], options: ["basic", "plus"], flags: 0, readOnly: false, required: false, multiline: false, value: "Off",
                maxLength: nil),
            FormFieldReport(
                name: "country", kind: "dropdown", widgets: [WidgetReport(page: 1, rect: Rect(x: 10, y: 70, width: 80, height: 12))],
                options: ["France", "Germany"], flags: 0, readOnly: false, required: false, multiline: false, value: nil, maxLength: nil),
            FormFieldReport(
                name: "go", kind: "pushbutton", widgets: [WidgetReport(page: 1, rect: Rect(x: 10, y: 90, width: 30, height: 12))],
                options: [], flags: 0, readOnly: false, required: false, multiline: false, value: nil, maxLength: nil),
        ]
        let imported = FormFieldImport.fields(of: report)
        #expect(imported.fields.map(\.id) == ["Applicant_Name", "plan", "country"])
        #expect(imported.fields[0].label == "Applicant Name" && imported.fields[0].replacesFormField == "Applicant Name")
        #expect(imported.fields[0].required && imported.fields[0].maxLength == 40 && imported.fields[0].value == .text("Jane"))
        #expect(imported.fields[1].kind == .radio && imported.fields[1].options?.map(\.value) == ["basic", "plus"])
        #expect(imported.fields[1].options?[1].rect == MeasuredRect(x: 30, y: 40, width: 10, height: 10))
        #expect(imported.fields[1].value == nil)
        #expect(imported.fields[2].options?.map(\.value) == ["France", "Germany"])
        #expect(imported.skipped.map(\.field) == ["go"])
        #expect(FieldLayout.place(imported.fields, in: report).problems.isEmpty)
    }
}
