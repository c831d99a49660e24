/// Turns a PDF's own AcroForm fields (as `inspect` reports them) into field definitions: kind,
/// name, rectangle, options, value, required and read-only flags. Roles default to the
/// customer; an admin changes roles and flags afterwards. Each imported field replaces its
/// form field when stamped, so the value never shows twice.
package enum FormFieldImport {
    /// What the import made, and what it left out and why.
    package struct Result: Sendable {
        /// The new fields.
        package var fields: [FieldDefinition]
        /// Form fields that were not imported, with the reason.
        package var skipped: [FieldProblem]
    }

    /// Imports every fillable field of `report`.
    package static func fields(of report: DocumentReport) -> Result {
        var fields: [FieldDefinition] = []
        var skipped: [FieldProblem] = []
        var used = Set<String>()
        let signed = Set(report.signatures.filter(\.signed).map(\.name))
        for form in report.formFields {
            func skip(_ reason: String) { skipped.append(FieldProblem(field: form.name, label: form.name, reason: reason)) }
            guard let kind = kind(of: form.kind) else {
                skip("a \(form.kind) field holds no value to fill")
                continue
            }
            guard let widget = form.widgets.first else {
                skip("the field has no widget on any page")
                continue
            }
            if kind == .signature && signed.contains(form.name) {
                skip("the signature field is already signed")
                continue
            }
            var field = FieldDefinition(
                id: uniqueId(for: form.name, used: &used), label: form.name, kind: kind, required: form.required,
                page: widget.page, rect: MeasuredRect(widget.rect))
            field.readOnly = form.readOnly
            field.replacesFormField = form.name
            field.multiline = kind == .text && form.multiline ? true : nil
            field.maxLength = kind == .text ? form.maxLength : nil
            switch kind {
            case .radio:
                let buttons = form.widgets.filter { $0.page == widget.page && $0.onState != nil }
                field.options = buttons.map { FieldOption(value: $0.onState!, rect: MeasuredRect($0.rect)) }
                field.rect = nil
                if buttons.count < form.widgets.count {
                    skip("buttons on other pages than \(widget.page) or without an on-state were left out of the group")
                }
            case .dropdown:
                field.options = form.options.map { FieldOption(value: $0) }
            default:
                break
            }
            field.value = prefilled(form, kind: kind)
            if field.readOnly && field.value == nil { field.readOnly = false }
            fields.append(field)
        }
        return Result(fields: fields, skipped: skipped)
    }

    private static func kind(of formKind: String) -> FieldKind? {
        switch formKind {
        case "text": return .text
        case "checkbox": return .checkbox
        case "radio": return .radio
        case "dropdown", "listbox": return .dropdown
        case "signature": return .signature
        default: return nil
        }
    }

    private static func prefilled(_ form: FormFieldReport, kind: FieldKind) -> StampValue? {
        guard let value = form.value, !value.isEmpty else { return nil }
        switch kind {
        case .checkbox: return value == "Off" ? nil : .checked(true)
        case .radio: return value == "Off" ? nil : .text(value)
        case .text, .dropdown: return .text(value)
        default: return nil
        }
    }

    /// Form field names are free text ("Applicant.Name[0]", "First name"); ids stay plain and
    /// unique, and the original name is kept in `replacesFormField` and the label.
    private static func uniqueId(for name: String, used: inout Set<String>) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        var base = String(name.map { allowed.contains($0) ? $0 : "_" }.prefix(90))
        if base.isEmpty || base.first == "." || base.first == "-" { base = "field_" + base }
        var id = base
        var n = 2
        while !used.insert(id).inserted {
            id = "\(base)_\(n)"
            n += 1
        }
        return id
    }
}
