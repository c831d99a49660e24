import SignetModel

/// The shipped example templates, each defined once in code: its fields give both the boxes
/// printed in the PDF and the `TemplateDefinition` stored beside it.
package enum TemplateDocuments {
    /// The templates' slugs, in the order they are written.
    package static let slugs = ["loan-application", "consent-form", "account-opening"]

    /// Draws the template `slug` into `pdfPath` (A4 pages, reproducible byte for byte) and
    /// returns its definition, fields as authored (units and anchors not yet resolved).
    package static func draw(_ slug: String, to pdfPath: String) throws -> TemplateDefinition {
        let template: any DrawnTemplate.Type
        switch slug {
        case LoanApplicationTemplate.slug: template = LoanApplicationTemplate.self
        case ConsentFormTemplate.slug: template = ConsentFormTemplate.self
        case AccountOpeningTemplate.slug: template = AccountOpeningTemplate.self
        default:
            throw SignetError(.invalidInput, "there is no drawn template '\(slug)'; known: \(slugs.joined(separator: ", "))")
        }
        let definition = template.definition
        let l = template.letterhead
        try SampleDocuments.make(
            pdfPath,
            decoration: { d, _ in
                d.info = ["Title": definition.name, "Author": l.company, "Subject": definition.description]
            }
        ) { sketch in
            for number in 1...template.pageCount {
                try sketch.page(width: Form.page.width, height: Form.page.height) { pen in
                    if number == 1 {
                        Form.letterhead(l, pen: pen)
                    } else {
                        Form.runningHeader(l, title: definition.name, pen: pen)
                    }
                    template.drawPage(number, on: pen)
                    for field in definition.fields where field.page == number {
                        Form.draw(field, statement: template.statements[field.id], pen: pen)
                    }
                    Form.footer(l, page: number, of: template.pageCount, pen: pen)
                }
            }
        }
        return definition
    }
}
