import Testing

@testable import SignetModel

@Suite("Units and placement")
struct UnitsTests {
    let a4 = Rect(x: 0, y: 0, width: 595.28, height: 841.89)

    @Test("mm, in and fraction are normalised to points")
    func units() {
        let mm = MeasuredRect(x: 25.4, y: 10, width: 50.8, height: 5, unit: .mm).points(onPage: a4)
        #expect(abs(mm.x - 72) < 1e-9 && abs(mm.width - 144) < 1e-9 && abs(mm.y - 28.3464566929) < 1e-6)
        let inches = MeasuredRect(x: 1, y: 2, width: 0.5, height: 0.25, unit: .in).points(onPage: a4)
        #expect(inches == Rect(x: 72, y: 144, width: 36, height: 18))
        let fraction = MeasuredRect(x: 0.5, y: 0.25, width: 0.25, height: 0.1, unit: .fraction).points(onPage: a4)
        #expect(abs(fraction.x - 297.64) < 1e-9 && abs(fraction.y - 210.4725) < 1e-9)
        #expect(MeasuredRect(x: 1, y: 2, width: 3, height: 4).points(onPage: a4) == Rect(x: 1, y: 2, width: 3, height: 4))
    }

    @Test("a placed field is echoed back in points, without its input unit")
    func echo() throws {
        var field = FieldDefinition.at("name", .text)
        field.rect = MeasuredRect(x: 10, y: 20, width: 80, height: 8, unit: .mm)
        let placed = FieldLayout.place([field], in: TestDocument.a4())
        #expect(placed.problems.isEmpty)
        let rect = try #require(placed.fields.first?.rect)
        #expect(rect.unit == nil)
        #expect(rect.x == 28.35 && rect.y == 56.69 && rect.width == 226.77 && rect.height == 22.68)
    }

    @Test("fractions follow the displayed page: a quarter-turned page swaps width and height")
    func fractionOnRotatedPage() throws {
        // A portrait page shown in landscape (rotated 90) with a crop box away from the origin.
        let g = PageGeometry(mediaBox: PDFBox(0, 0, 612, 792), cropBox: PDFBox(36, 72, 576, 756), rotation: 90)
        var field = FieldDefinition.at("f", .text)
        field.rect = MeasuredRect(x: 0.5, y: 0.5, width: 0.25, height: 0.1, unit: .fraction)
        let placed = FieldLayout.place([field], in: TestDocument.report([g]))
        #expect(placed.problems.isEmpty)
        let rect = try #require(placed.fields.first?.rect)
        // Displayed: 684 wide (the crop box's height), 540 tall.
        #expect(rect.x == 342 && rect.y == 270 && rect.width == 171 && rect.height == 54)
        // The same box in user space sits where the viewer showed it.
        let user = g.userBox(fromDisplayed: rect.points(onPage: .zero))
        #expect(user == PDFBox(36 + 270, 72 + 342, 36 + 324, 72 + 513))
    }

    @Test("a rectangle outside the displayed crop box is refused even if inside the media box")
    func outsideCropBox() {
        let g = PageGeometry(mediaBox: PDFBox(0, 0, 612, 792), cropBox: PDFBox(100, 100, 400, 500))
        var field = FieldDefinition.at("f", .text)
        field.rect = MeasuredRect(x: 250, y: 10, width: 100, height: 20)
        let problems = FieldLayout.place([field], in: TestDocument.report([g])).problems
        #expect(problems.reasons("f").first?.contains("is not inside page 1, which is 300.0 x 400.0 pt") == true)
    }

    @Test("anchors find the nth occurrence of whole words and offset from its box")
    func anchors() throws {
        let words: [[Word]] = [
            [Word(text: "Signature:", rect: Rect(x: 72, y: 500, width: 50, height: 10))],
            [
                Word(text: "Date", rect: Rect(x: 72, y: 90, width: 20, height: 10)),
                Word(text: "Signature", rect: Rect(x: 72, y: 300, width: 45, height: 10)),
                Word(text: "of", rect: Rect(x: 120, y: 300, width: 10, height: 10)),
                Word(text: "borrower:", rect: Rect(x: 133, y: 300, width: 45, height: 10)),
                Word(text: "Signature:", rect: Rect(x: 72, y: 600, width: 50, height: 10)),
            ],
        ]
        let document = TestDocument.a4(pages: 2, words: words)
        var second = FieldDefinition(id: "sig2", kind: .signature)
        second.anchor = Anchor(text: "Signature:", occurrence: 2, x: 60, y: -10, width: 150, height: 30)
        var phrase = FieldDefinition(id: "sig_borrower", kind: .signature)
        phrase.anchor = Anchor(text: "Signature of borrower:", x: 0, y: 12, width: 5, height: 1, unit: .mm)
        var missing = FieldDefinition(id: "nope", kind: .text)
        missing.anchor = Anchor(text: "Signature:", occurrence: 3, x: 0, y: 0, width: 10, height: 10)
        var onPage = FieldDefinition(id: "first_on_2", kind: .text)
        onPage.anchor = Anchor(text: "Signature:", page: 2, x: 0, y: 0, width: 10, height: 10)
        let placed = FieldLayout.place([second, phrase, missing, onPage], in: document)
        #expect(placed.fields[0].page == 2 && placed.fields[0].rect == MeasuredRect(x: 132, y: 590, width: 150, height: 30))
        #expect(placed.fields[1].page == 2)
        #expect(placed.fields[1].rect == MeasuredRect(x: 72, y: 334.02, width: 14.17, height: 2.83))
        #expect(placed.problems.reasons("nope") == ["the anchor text 'Signature:' (occurrence 3) is not in the document"])
        #expect(placed.fields[3].rect == MeasuredRect(x: 72, y: 600, width: 10, height: 10))
        #expect(placed.problems.count == 1)
    }

    @Test("a radio group is placed by its options; its box is their union")
    func radio() throws {
        var field = FieldDefinition(id: "plan", kind: .radio, page: 1)
        field.options = [
            FieldOption(value: "monthly", rect: MeasuredRect(x: 72, y: 200, width: 12, height: 12)),
            FieldOption(value: "yearly", rect: MeasuredRect(x: 2, y: 7.5, width: 0.5, height: 0.5, unit: .in)),
        ]
        let placed = FieldLayout.place([field], in: TestDocument.a4())
        #expect(placed.problems.isEmpty)
        #expect(placed.fields[0].rect == MeasuredRect(x: 72, y: 200, width: 108, height: 376))
        #expect(placed.fields[0].options?[1].rect == MeasuredRect(x: 144, y: 540, width: 36, height: 36))
    }
}
