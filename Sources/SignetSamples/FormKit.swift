import SignetModel

/// A template whose document is drawn from its own field list: every printed box comes from a
/// field's rectangle, so the PDF and `template.json` cannot disagree.
protocol DrawnTemplate {
    /// The folder name under `Templates/`.
    static var slug: String { get }
    /// Name, folder, description, version and fields.
    static var definition: TemplateDefinition { get }
    /// The company that issues the form.
    static var letterhead: Letterhead { get }
    /// Number of pages.
    static var pageCount: Int { get }
    /// Text printed beside a checkbox, by field id, when it says more than the label.
    static var statements: [String: String] { get }
    /// Draws what is not a field (headings, paragraphs) on page `number`.
    static func drawPage(_ number: Int, on pen: Sketch.Pen)
}

/// Who issues a form, and how its pages are marked.
struct Letterhead {
    var company: String
    var tagline: String
    var address: [String]
    var color: Sketch.Color
    /// Form code and legal line at the foot of every page.
    var footer: String

    /// A pale version of the brand colour, for section bands.
    var tint: Sketch.Color { (0.88 + color.red * 0.12, 0.88 + color.green * 0.12, 0.88 + color.blue * 0.12) }
}

/// The printed look shared by the drawn templates: A4 pages, a letterhead band, section bands,
/// captions above boxes, and a footer with the page number.
enum Form {
    static let page = Rect(x: 0, y: 0, width: 595.28, height: 841.89)
    static let left = 50.0
    static let right = 545.28
    static let width = right - left
    static let caption: Sketch.Color = (0.25, 0.27, 0.3)
    static let agentFill: Sketch.Color = (0.93, 0.95, 0.99)
    static let fixedFill: Sketch.Color = (0.92, 0.92, 0.92)
    static let signFill: Sketch.Color = (1, 0.985, 0.92)

    /// The first page's header: a band in the brand colour with the company and its address.
    static func letterhead(_ l: Letterhead, pen: Sketch.Pen) {
        pen.fill(Rect(x: 0, y: 0, width: page.width, height: 76), color: l.color)
        pen.text(l.company, Rect(x: left, y: 20, width: 300, height: 22), size: 17, bold: true, color: (1, 1, 1))
        pen.text(l.tagline, Rect(x: left, y: 45, width: 300, height: 12), size: 8, color: (0.85, 0.88, 0.92))
        for (i, line) in l.address.enumerated() {
            pen.text(line, Rect(x: 330, y: 18 + Double(i) * 11, width: right - 330, height: 10), size: 7.5, align: .right, color: (1, 1, 1))
        }
    }

    /// The header of the following pages: the company and the form's name.
    static func runningHeader(_ l: Letterhead, title: String, pen: Sketch.Pen) {
        pen.text(l.company, Rect(x: left, y: 26, width: 240, height: 12), size: 9, bold: true, color: l.color)
        pen.text(title, Rect(x: 300, y: 26, width: right - 300, height: 12), size: 8, align: .right, color: caption)
        pen.fill(Rect(x: left, y: 42, width: width, height: 1.2), color: l.color)
    }

    /// The footer: the form code and legal line, and "Page n of N".
    static func footer(_ l: Letterhead, page number: Int, of count: Int, pen: Sketch.Pen) {
        pen.fill(Rect(x: left, y: 806, width: width, height: 0.5), color: (0.7, 0.7, 0.7))
        pen.text(l.footer, Rect(x: left, y: 811, width: 400, height: 9), size: 6.5, color: caption)
        pen.text("Page \(number) of \(count)", Rect(x: 460, y: 811, width: right - 460, height: 9), size: 7, align: .right, color: caption)
    }

    /// The form's title and a short line under it, on the first page.
    static func title(_ text: String, subtitle: String, pen: Sketch.Pen) {
        pen.text(text, Rect(x: left, y: 92, width: width, height: 22), size: 16, bold: true)
        pen.text(subtitle, Rect(x: left, y: 116, width: width, height: 12), size: 9, color: caption)
    }

    /// A numbered section band at `y`.
    static func section(_ text: String, y: Double, _ l: Letterhead, pen: Sketch.Pen) {
        pen.fill(Rect(x: left, y: y, width: width, height: 17), color: l.tint)
        pen.fill(Rect(x: left, y: y, width: 3, height: 17), color: l.color)
        pen.text(text, Rect(x: left + 9, y: y + 2, width: width - 12, height: 13), size: 9.5, bold: true, color: l.color)
    }

    /// Body text across the page from `y`, wrapped, in a box `height` high.
    static func paragraph(_ text: String, y: Double, height: Double, size: Double = 8.5, pen: Sketch.Pen) {
        pen.text(text, Rect(x: left, y: y, width: width, height: height), size: size, multiline: true)
    }

    /// A field as printed forms show it: a caption above a box (agent fields shaded, read-only
    /// ones grey), a square with its statement for a checkbox, squares with their labels for a
    /// radio group.
    static func draw(_ field: FieldDefinition, statement: String?, pen: Sketch.Pen) {
        let caption = field.displayLabel + (field.required ? " *" : "")
        if field.kind == .radio {
            let boxes = (field.options ?? []).compactMap { option in option.rect.map { (option, $0.points(onPage: page)) } }
            guard let first = boxes.first?.1 else { return }
            pen.text(caption, Rect(x: first.x, y: first.y - 12, width: right - first.x, height: 9), size: 7, color: Self.caption)
            for (option, box) in boxes {
                if field.role == .agent { pen.fill(box, color: agentFill) }
                pen.box(box, gray: 0.35)
                let text = Rect(x: box.maxX + 5, y: box.y - 1, width: 110, height: box.height + 2)
                pen.text(option.label ?? option.value, text, size: 8.5)
            }
            return
        }
        guard let rect = field.rect?.points(onPage: page) else { return }
        if field.kind == .checkbox {
            pen.box(rect, gray: 0.35)
            let text = Rect(x: rect.maxX + 7, y: rect.y - 0.5, width: right - rect.maxX - 7, height: 34)
            pen.text((statement ?? field.displayLabel) + (field.required ? " *" : ""), text, size: 8.5, multiline: true)
            return
        }
        pen.text(caption, Rect(x: rect.x, y: rect.y - 10.5, width: rect.width + 40, height: 9), size: 7, color: Self.caption)
        drawBox(field, rect, pen: pen)
    }

    /// A field placed by its anchor: prints the anchor's text in 9 pt bold so that its words'
    /// box starts at `words` (the painter pads text 2 pt, and a line 10.5 pt high is the font's
    /// own height), then the box at the anchor's offset from there.
    static func drawAnchored(_ field: FieldDefinition, words: (x: Double, y: Double), pen: Sketch.Pen) {
        guard let anchor = field.anchor else { return }
        pen.text(anchor.text, Rect(x: words.x - 2, y: words.y, width: 260, height: 10.5), size: 9, bold: true)
        let box = anchor.fieldRect(anchoredAt: Rect(x: words.x, y: words.y, width: 0, height: 0), onPage: page)
        drawBox(field, box, pen: pen)
    }

    private static func drawBox(_ field: FieldDefinition, _ rect: Rect, pen: Sketch.Pen) {
        if field.readOnly {
            pen.fill(rect, color: fixedFill)
        } else if field.role == .agent {
            pen.fill(rect, color: agentFill)
        } else if field.kind == .signature || field.kind == .initials {
            pen.fill(rect, color: signFill)
        }
        pen.box(rect, gray: 0.45, dashed: field.kind == .image)
        if field.kind == .dropdown {
            let arrow = Rect(x: rect.maxX - 13, y: rect.y, width: 11, height: rect.height)
            pen.text("▼", arrow, size: 6, align: .center, color: (0.45, 0.45, 0.45))
        }
    }
}

extension Rect {
    /// A field box: `height` defaults to one line of a printed form.
    static func box(_ x: Double, _ y: Double, _ width: Double, _ height: Double = 18) -> Rect {
        Rect(x: x, y: y, width: width, height: height)
    }
}

extension FieldDefinition {
    /// A field of `kind` at `rect` on `page`, with kind-specific rules set by `rules`.
    static func at(
        _ page: Int, _ rect: Rect, id: String, _ label: String, _ kind: FieldKind, role: FieldRole = .customer,
        required: Bool = false, rules: (inout FieldDefinition) -> Void = { _ in }
    ) -> FieldDefinition {
        var field = FieldDefinition(
            id: id, label: label, kind: kind, role: role, required: required, page: page, rect: MeasuredRect(rect))
        rules(&field)
        return field
    }

    /// A radio group on `page`: each option with its own square, side by side from `x` at `y`.
    static func radio(
        _ page: Int, id: String, _ label: String, role: FieldRole = .customer, required: Bool = false, y: Double,
        options: [(value: String, label: String, x: Double)]
    ) -> FieldDefinition {
        var field = FieldDefinition(id: id, label: label, kind: .radio, role: role, required: required, page: page)
        field.options = options.map { FieldOption(value: $0.value, label: $0.label, rect: MeasuredRect(.box($0.x, y, 11, 11))) }
        return field
    }
}
