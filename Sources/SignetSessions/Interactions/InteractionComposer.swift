import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// Turns what an agent asks to send into interactions ready to store: template and uploaded
/// documents (fields placed and checked, agent-required fields enforced, agent values stamped
/// into the copy the customer sees), document and payment requests, reviews, batches and
/// workflows. Every problem of a send is collected, per field, before anything is stored.
package struct InteractionComposer: Sendable {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    /// One document to send: from a template (`template`) or from a PDF the agent uploaded
    /// into the session (`upload`, its SHA-256).
    package struct DocumentSpec: Decodable, Sendable {
        var title: String?
        var template: String?
        var upload: String?
        /// Fields placed by hand (ad hoc documents only).
        var fields: [FieldDefinition]?
        /// Fields also taken from the PDF's form fields or text tags (ad hoc documents only).
        var fieldsFrom: FieldSources?
        /// Agent values, by field id.
        var values: [String: StampValue]?
    }

    struct FieldSources: Decodable, Sendable {
        var formFields: Bool?
        var textTags: Bool?
    }

    package struct RequestSpec: Decodable, Sendable {
        package struct Item: Decodable, Sendable {
            var type: String
            var label: String?
        }
        var title: String?
        var documents: [Item]
        var note: String?
    }

    package struct PaymentSpec: Decodable, Sendable {
        var title: String?
        var amount: String
        var currency: String
        var description: String
    }

    // MARK: - Documents

    package func document(_ spec: DocumentSpec, session: SessionRecord, prefix: String = "") async throws -> Interactions.Draft {
        switch (spec.template, spec.upload) {
        case (let slug?, nil):
            guard spec.fields == nil, spec.fieldsFrom == nil else {
                throw problem(prefix + "fields", "Fields", "a template brings its own fields; place fields only on an uploaded PDF")
            }
            return try await templateDocument(try await services.templates.template(slug), spec: spec, prefix: prefix)
        case (nil, let upload?):
            return try await uploadedDocument(upload, spec: spec, session: session, prefix: prefix)
        default:
            throw problem(prefix + "template", "Template or upload", "give either a template slug or the SHA-256 of an uploaded PDF")
        }
    }

    /// A document from a template already checked (a bulk send checks it once for all rows).
    func templateDocument(_ template: CheckedTemplate, spec: DocumentSpec, prefix: String) async throws -> Interactions.Draft {
        guard template.problems.isEmpty else {
            throw FieldProblems(stage: "definition", problems: template.problems.map { prefixed($0, prefix) })
        }
        let agentValues = try await checkSend(template.fields, values: spec.values ?? [:], prefix: prefix)
        let original = try services.blobs.put(file: template.folder.documentPath)
        let prepared = try await stampAgentValues(on: original, fields: template.fields, values: agentValues)
        let part = DocumentPart(
            template: template.folder.identity, fileName: nil, original: original, prepared: prepared,
            pages: template.pages.map { PageSize(width: $0.width, height: $0.height) }, fields: template.fields, agentValues: agentValues)
        return Interactions.Draft(
            kind: .document, title: try title(spec.title, default: template.folder.definition.name, prefix: prefix),
            payload: InteractionPayload(document: part))
    }

    private func uploadedDocument(_ blob: String, spec: DocumentSpec, session: SessionRecord, prefix: String) async throws
        -> Interactions.Draft
    {
        guard let upload = try await services.interactions.stagedUpload(blob: blob, session: session.id),
            let path = services.blobs.file(blob)
        else {
            throw problem(prefix + "upload", "Upload", "no PDF with this SHA-256 was uploaded into this session")
        }
        let name = upload.fileName ?? "the document"
        let work = try services.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let preparation = services.preparation
        let sources = DocumentPreparation.Sources(
            formFields: spec.fieldsFrom?.formFields ?? false, textTags: spec.fieldsFrom?.textTags ?? false)
        let given = spec.fields ?? []
        let prepared: DocumentPreparation.Prepared
        do {
            let report = try await preparation.preflight(path, name: name)
            prepared = try await preparation.prepare(path, report: report, fields: given, from: sources, work: work)
        } catch let problems as FieldProblems {
            throw FieldProblems(stage: problems.stage, problems: problems.problems.map { prefixed($0, prefix + "fields.") })
        }
        let original = prepared.document == path ? blob : try services.blobs.put(file: prepared.document)
        let agentValues = try await checkSend(prepared.fields, values: spec.values ?? [:], prefix: prefix)
        let stamped = try await stampAgentValues(on: original, fields: prepared.fields, values: agentValues)
        let part = DocumentPart(
            template: nil, fileName: upload.fileName, original: original, prepared: stamped,
            pages: prepared.pages.map { PageSize(width: $0.width, height: $0.height) }, fields: prepared.fields, agentValues: agentValues)
        return Interactions.Draft(
            kind: .document, title: try title(spec.title, default: upload.fileName ?? "Document", prefix: prefix),
            payload: InteractionPayload(document: part))
    }

    /// The agent's side of the send check: only agent fields, every agent-required one valid,
    /// images (given or prefilled) only as data URLs, since a path would read the server's files.
    /// Off the HTTP threads, like every check of values against field patterns.
    private func checkSend(_ fields: [FieldDefinition], values: [String: StampValue], prefix: String) async throws
        -> [String: StampValue]
    {
        // The customer's prefills are drawn only when they finish: refused now, not then.
        var problems = ImageSources.dataURLsOnly.problems(fields.filter { $0.role == .customer })
        switch try await offload({ FillCheck.send(fields, agentValues: values, images: .dataURLsOnly) }) {
        case .success(let checked) where problems.isEmpty: return checked
        case .success: break
        case .failure(let failure): problems += failure.problems
        }
        throw FieldProblems(stage: "send", problems: problems.map { prefixed($0, prefix) })
    }

    /// The PDF the customer sees: the agent's values stamped on `original` (the same file
    /// when there are none).
    private func stampAgentValues(on original: String, fields: [FieldDefinition], values: [String: StampValue]) async throws -> String {
        guard !values.isEmpty, let source = services.blobs.file(original) else { return original }
        let work = try services.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let filler = TemplateFiller(engine: services.engine, limits: services.limits, images: .dataURLsOnly)
        let output = work + "/prepared.pdf"
        _ = try await filler.stamp(source, fields: fields, checkedValues: values, output: output, durable: false)
        return try services.blobs.put(file: output)
    }

    // MARK: - Requests

    package func documentRequest(_ spec: RequestSpec) throws -> Interactions.Draft {
        var problems: [FieldProblem] = []
        var documents: [RequestedDocument] = []
        if spec.documents.isEmpty || spec.documents.count > 20 {
            problems.append(FieldProblem(field: "documents", label: "Documents", reason: "ask for 1 to 20 documents"))
        }
        for (i, item) in spec.documents.enumerated() {
            let label = item.label?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let type = DocumentType.catalogue.first(where: { $0.id == item.type }) else {
                let known = DocumentType.catalogue.map(\.id).joined(separator: ", ")
                problems.append(FieldProblem(field: "documents[\(i)].type", label: "Document type", reason: "use one of \(known)"))
                continue
            }
            if type.id == "other" && label.isEmpty || label.count > 100 {
                problems.append(
                    FieldProblem(field: "documents[\(i)].label", label: "Label", reason: "say what you need in 1 to 100 characters"))
                continue
            }
            documents.append(RequestedDocument(type: type.id, label: label.isEmpty ? type.label : label))
        }
        if (spec.note?.count ?? 0) > 1000 {
            problems.append(FieldProblem(field: "note", label: "Note", reason: "at most 1000 characters"))
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "send", problems: problems) }
        let title = try title(spec.title, default: documents.map(\.label).joined(separator: ", "), prefix: "")
        return Interactions.Draft(
            kind: .documentRequest, title: title, payload: InteractionPayload(request: RequestPart(documents: documents, note: spec.note)))
    }

    package func paymentRequest(_ spec: PaymentSpec) throws -> Interactions.Draft {
        var problems: [FieldProblem] = []
        let amount = MoneyAmount.parse(amount: spec.amount, currency: spec.currency)
        if case .failure(let failure) = amount { problems += failure.problems }
        let description = spec.description.trimmingCharacters(in: .whitespaces)
        if description.isEmpty || description.count > 200 {
            problems.append(
                FieldProblem(field: "description", label: "Description", reason: "say what the payment is for (1 to 200 characters)"))
        }
        guard case .success(let money) = amount, problems.isEmpty else { throw FieldProblems(stage: "send", problems: problems) }
        return Interactions.Draft(
            kind: .paymentRequest, title: try title(spec.title, default: description, prefix: ""),
            payload: InteractionPayload(payment: PaymentPart(amount: money, description: description)))
    }

    // MARK: - Helpers

    package func title(_ given: String?, default fallback: String, prefix: String) throws -> String {
        let title = (given ?? fallback).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 200 else { throw problem(prefix + "title", "Title", "1 to 200 characters") }
        return title
    }

    package func problem(_ field: String, _ label: String, _ reason: String) -> FieldProblems {
        FieldProblems(stage: "send", problems: [FieldProblem(field: field, label: label, reason: reason)])
    }

    func prefixed(_ p: FieldProblem, _ prefix: String) -> FieldProblem {
        FieldProblem(field: prefix + p.field, label: p.label, reason: p.reason)
    }
}
