import Foundation
import SignetModel

/// Builds the `signet inspect` report: structure from qpdf, text and fonts from Poppler, both
/// expressed under the coordinate contract.
struct Inspector {
    let request: InspectRequest

    func report() throws -> DocumentReport {
        let bytes = try FileBytes(path: request.path, limits: request.limits)
        let fileSize = bytes.count
        let structure: QPDFStructure
        do {
            structure = try QPDFStructure.read(path: request.path, password: request.password)
        } catch let error as SignetError where error.code == .encrypted && request.password == nil {
            // Without the password only the envelope can be described; say so rather than fail,
            // so a caller learns it must ask for a password.
            return Self.locked(fileSize: fileSize, version: bytes.headerVersion)
        }
        try EnginePolicy.admit(
            pageCount: structure.pageCount, xfaOnly: structure.xfaOnly, forStamping: false, file: request.path, limits: request.limits)
        let poppler = try PopplerDocumentHandle(bytes: bytes, password: request.password, file: request.path)

        var warnings = structure.warnings.prefix(5).map { Warning(code: "repaired", message: $0) }
        if poppler.pageCount != structure.pageCount {
            // The two readers repair broken page trees differently; report qpdf's pages (the ones
            // stamping uses) and say that text was read only where both agree.
            warnings.append(
                Warning(
                    code: "pageCountMismatch",
                    message:
                        "the page tree is damaged: qpdf finds \(structure.pageCount) pages, Poppler \(poppler.pageCount); text is reported for the first \(min(structure.pageCount, poppler.pageCount))"
                ))
        }
        var pages: [PageReport] = []
        for (index, page) in structure.pages.enumerated() {
            let number = index + 1
            let handle = number <= poppler.pageCount ? try? poppler.page(number) : nil
            let words = handle?.words() ?? []
            let hasText = !words.isEmpty
            if let handle, !hasText && handle.hasImages {
                warnings.append(
                    Warning(
                        code: "imageOnlyPage",
                        message:
                            "page \(number) is an image with no text: text tags and anchors cannot be found on it, and its text is not searchable",
                        page: number))
            }
            pages.append(
                PageReport(
                    number: number, geometry: page.geometry, label: page.label, hasText: hasText,
                    words: request.includeWords ? words : nil))
        }
        for (index, page) in structure.pages.enumerated() where (page.userUnit ?? 1) != 1 {
            warnings.append(
                Warning(
                    code: "userUnit",
                    message:
                        "page \(index + 1) declares a user unit of \(page.userUnit!) points; its sizes and rectangles are in those units, not points",
                    page: index + 1))
        }
        for font in poppler.fontsNotEmbedded() {
            warnings.append(
                Warning(
                    code: "fontNotEmbedded",
                    message: "font \(font) is not embedded: viewers substitute another font, so the document may look different elsewhere"))
        }
        let signed = structure.signatures.filter(\.signed)
        if !signed.isEmpty {
            warnings.append(
                Warning(
                    code: "signatureInvalidated",
                    message:
                        "the document carries \(signed.count) digital signature(s) (\(signed.map(\.name).joined(separator: ", "))); stamping appends an incremental update, which keeps them verifiable but shows the document changed after signing; a full rewrite would invalidate them"
                ))
        }
        if structure.xfa {
            warnings.append(
                Warning(
                    code: "xfa",
                    message: structure.xfaOnly
                        ? "the form exists only as XFA: its fields have no widgets that Signet can fill"
                        : "the form also carries XFA, which Signet ignores; the AcroForm fields are used"))
        }
        if structure.javascript {
            warnings.append(Warning(code: "javascript", message: "the document carries JavaScript, which Signet never runs"))
        }
        let formFields = structure.fields.map { field in
            FormFieldReport(
                name: field.name, kind: field.type,
                widgets: field.widgets.compactMap { w in
                    guard let p = w.page, p >= 1, p <= structure.pages.count else { return nil }
                    return WidgetReport(
                        page: p, rect: structure.pages[p - 1].geometry.displayedRect(fromUser: w.rect).rounded, onState: w.onState)
                },
                options: field.options ?? [], flags: field.flags ?? 0, readOnly: field.readOnly ?? false,
                required: field.required ?? false, multiline: field.multiline ?? false, value: field.value,
                maxLength: field.maxLength)
        }
        return DocumentReport(
            pdfVersion: structure.version, fileSize: fileSize, pageCount: structure.pageCount, pages: pages,
            metadata: structure.info,
            flags: DocumentFlags(
                encrypted: structure.encrypted, needsPassword: false, xfa: structure.xfa, xfaOnly: structure.xfaOnly,
                javascript: structure.javascript, signed: !signed.isEmpty, tagged: structure.tagged,
                repaired: structure.repaired),
            formFields: formFields,
            signatures: structure.signatures.map { SignatureReport(name: $0.name, signed: $0.signed, page: $0.page) },
            outlineCount: structure.outlineCount, linkCount: structure.linkCount, warnings: warnings)
    }

    static func locked(fileSize: Int, version: String) -> DocumentReport {
        DocumentReport(
            pdfVersion: version, fileSize: fileSize, pageCount: 0, pages: [], metadata: [:],
            flags: DocumentFlags(
                encrypted: true, needsPassword: true, xfa: false, xfaOnly: false, javascript: false, signed: false, tagged: false,
                repaired: false),
            formFields: [], signatures: [], outlineCount: 0, linkCount: 0,
            warnings: [
                Warning(
                    code: "needsPassword",
                    message: "the document is encrypted with an open password: give --password to inspect, render or stamp it")
            ])
    }
}
