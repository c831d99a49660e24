/// Everything `signet inspect` tells about a PDF.
package struct DocumentReport: Codable, Hashable, Sendable {
    /// The PDF version from the header, e.g. "1.7".
    package var pdfVersion: String
    /// Size of the file in bytes.
    package var fileSize: Int
    /// Number of pages.
    package var pageCount: Int
    /// One entry per page, in order.
    package var pages: [PageReport]
    /// Document information (Title, Author, Subject, Keywords, Creator, Producer, dates).
    package var metadata: [String: String]
    /// Properties that change how Signet may treat the file.
    package var flags: DocumentFlags
    /// The PDF's own interactive form fields (AcroForm).
    package var formFields: [FormFieldReport]
    /// Existing digital signature fields.
    package var signatures: [SignatureReport]
    /// Number of outline (bookmark) items.
    package var outlineCount: Int
    /// Number of link annotations.
    package var linkCount: Int
    /// Preflight findings worth telling the person who sends this document.
    package var warnings: [Warning]

    /// Creates a report.
    package init(
        pdfVersion: String, fileSize: Int, pageCount: Int, pages: [PageReport],
        metadata: [String: String], flags: DocumentFlags, formFields: [FormFieldReport],
        signatures: [SignatureReport], outlineCount: Int, linkCount: Int, warnings: [Warning]
    ) {
        self.pdfVersion = pdfVersion
        self.fileSize = fileSize
        self.pageCount = pageCount
        self.pages = pages
        self.metadata = metadata
        self.flags = flags
        self.formFields = formFields
        self.signatures = signatures
        self.outlineCount = outlineCount
        self.linkCount = linkCount
        self.warnings = warnings
    }
}

/// One page as a viewer shows it.
package struct PageReport: Codable, Hashable, Sendable {
    /// 1-based page number.
    package var number: Int
    /// Displayed width in points (crop box, after rotation).
    package var width: Double
    /// Displayed height in points.
    package var height: Double
    /// Clockwise rotation: 0, 90, 180 or 270.
    package var rotation: Int
    /// The page label a viewer shows ("iii", "A-1"), when the document defines labels.
    package var label: String?
    /// The raw boxes, for people debugging a placement.
    package var geometry: PageGeometry
    /// Whether the page has any text a reader can extract.
    package var hasText: Bool
    /// The page's words with their boxes under the coordinate contract (absent unless asked for).
    package var words: [Word]?

    /// Creates a page report.
    package init(
        number: Int, geometry: PageGeometry, label: String?, hasText: Bool, words: [Word]?
    ) {
        self.number = number
        self.width = (geometry.displayedWidth * 100).rounded() / 100
        self.height = (geometry.displayedHeight * 100).rounded() / 100
        self.rotation = geometry.rotation
        self.label = label
        self.geometry = geometry
        self.hasText = hasText
        self.words = words
    }
}

/// A word of page text and where it is.
package struct Word: Codable, Hashable, Sendable {
    /// The word's characters.
    package var text: String
    /// Its box under the coordinate contract.
    package var rect: Rect

    /// Creates a word.
    package init(text: String, rect: Rect) {
        self.text = text
        self.rect = rect
    }
}

/// Document-level properties.
package struct DocumentFlags: Codable, Hashable, Sendable {
    /// The file is encrypted (possibly with an empty open password).
    package var encrypted: Bool
    /// Opening the file needs a password we were not given.
    package var needsPassword: Bool
    /// The form has an XFA part.
    package var xfa: Bool
    /// The form exists only as XFA: no AcroForm widgets a stamp could replace.
    package var xfaOnly: Bool
    /// The document carries JavaScript.
    package var javascript: Bool
    /// The document has at least one signed signature field.
    package var signed: Bool
    /// The document is tagged (structure tree, /MarkInfo).
    package var tagged: Bool
    /// The readers had to repair the file's structure.
    package var repaired: Bool

    /// Creates flags.
    package init(
        encrypted: Bool, needsPassword: Bool, xfa: Bool, xfaOnly: Bool, javascript: Bool,
        signed: Bool, tagged: Bool, repaired: Bool
    ) {
        self.encrypted = encrypted
        self.needsPassword = needsPassword
        self.xfa = xfa
        self.xfaOnly = xfaOnly
        self.javascript = javascript
        self.signed = signed
        self.tagged = tagged
        self.repaired = repaired
    }
}

/// An AcroForm field of the original document, placed under the coordinate contract.
package struct FormFieldReport: Codable, Hashable, Sendable {
    /// Fully qualified field name.
    package var name: String
    /// text, checkbox, radio, dropdown, listbox, pushbutton, signature or unknown.
    package var kind: String
    /// 1-based page of the first widget, when it has one.
    package var page: Int?
    /// The first widget's box under the coordinate contract.
    package var rect: Rect?
    /// Every widget (radio groups have one per option).
    package var widgets: [WidgetReport]
    /// Choice options, or the on-states of checkboxes and radio buttons.
    package var options: [String]
    /// The raw `/Ff` flags.
    package var flags: Int
    /// Whether the field is marked read-only.
    package var readOnly: Bool
    /// Whether the field is marked required.
    package var required: Bool
    /// Whether a text field is multi-line.
    package var multiline: Bool
    /// The current value, when set.
    package var value: String?
    /// The maximum text length, when set.
    package var maxLength: Int?

    /// Creates a form field report.
    package init(
        name: String, kind: String, widgets: [WidgetReport], options: [String], flags: Int,
        readOnly: Bool, required: Bool, multiline: Bool, value: String?, maxLength: Int?
    ) {
        self.name = name
        self.kind = kind
        self.page = widgets.first?.page
        self.rect = widgets.first?.rect
        self.widgets = widgets
        self.options = options
        self.flags = flags
        self.readOnly = readOnly
        self.required = required
        self.multiline = multiline
        self.value = value
        self.maxLength = maxLength
    }
}

/// One widget (visible box) of a form field.
package struct WidgetReport: Codable, Hashable, Sendable {
    /// 1-based page.
    package var page: Int
    /// Box under the coordinate contract.
    package var rect: Rect
    /// For check boxes and radio buttons, the state the widget shows when on (a radio
    /// button's value).
    package var onState: String?

    /// Creates a widget report.
    package init(page: Int, rect: Rect, onState: String? = nil) {
        self.page = page
        self.rect = rect
        self.onState = onState
    }
}

/// An existing signature field.
package struct SignatureReport: Codable, Hashable, Sendable {
    /// Fully qualified field name.
    package var name: String
    /// Whether it holds a signature (not just an empty slot).
    package var signed: Bool
    /// 1-based page of its widget, when it has one.
    package var page: Int?

    /// Creates a signature report.
    package init(name: String, signed: Bool, page: Int?) {
        self.name = name
        self.signed = signed
        self.page = page
    }
}

/// A preflight or processing finding: not an error, but something a person should know.
package struct Warning: Codable, Hashable, Sendable {
    /// Stable code, e.g. `fontNotEmbedded`, `imageOnlyPage`, `signatureInvalidated`.
    package var code: String
    /// Human explanation.
    package var message: String
    /// The page concerned, when there is one.
    package var page: Int?

    /// Creates a warning.
    package init(code: String, message: String, page: Int? = nil) {
        self.code = code
        self.message = message
        self.page = page
    }
}
