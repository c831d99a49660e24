import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// The customer finishing a document: the values saved so far plus the last ones, every
/// customer-required field checked (per-field problems otherwise), the customer's values and
/// signing dates stamped on the copy they saw, and the finished PDF kept with its SHA-256.
/// A document with countersign fields then awaits the agent (`DocumentCountersigner`).
package struct DocumentFinisher {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    package func finish(_ record: InteractionRecord, session: SessionRecord, values: [String: StampValue], by actor: Actor) async throws
        -> InteractionRecord
    {
        let document = try Self.document(record)
        try record.checkOpen()
        let customerValues = document.customerValues.merging(values) { _, new in new }
        // Off the HTTP threads: the customer's text is matched against the agent's patterns.
        let drawn = try await offload {
            try Self.checkGiven(values, fields: document.fields)
            return try FillCheck.finish(
                document.fields, agentValues: document.agentValues, customerValues: customerValues, signedAt: Date(),
                images: .dataURLsOnly
            )
            .get()
        }
        // The agent's values are already on the prepared copy; only the rest is drawn now.
        let remaining = drawn.filter { document.agentValues[$0.key] == nil }
        let fieldData = try FieldData.file(
            fields: document.fields, values: drawn, document: ["title": record.title, "session": session.id, "interaction": record.id])
        let finished = try await stamp(remaining, on: document, attaching: fieldData)
        let signatures = document.fields.filter { [.signature, .initials].contains($0.kind) && remaining[$0.id] != nil }.count
        let countersign = document.needsCountersign
        let completed = try await services.interactions.change(
            record.id, session: session.id, event: countersign ? "awaitingCountersign" : "completed",
            detail: ["sha256": finished, "signatures": String(signatures)], by: actor
        ) { record in
            // A second finish that raced this one finds the document already completed.
            try record.checkOpen()
            record.status = countersign ? .awaitingCountersign : .completed
            record.payload.document?.customerValues = customerValues
            record.payload.document?.finished = finished
        }
        // The certificate covers the final file: a countersigned document's is issued after it.
        guard !countersign else { return completed }
        return await CompletionCertificates(services: services).issueAfterFinish(completed, session: session)
    }

    /// Draws the remaining values and embeds the field data in one incremental update, seals
    /// the result (the stamp job adds the seal's placeholder to the same update) and stores
    /// it: nothing is appended after the seal. Answers its SHA-256.
    private func stamp(_ values: [String: StampValue], on document: DocumentPart, attaching fieldData: EmbeddedFile) async throws
        -> String
    {
        guard let source = services.blobs.file(document.prepared) else { throw SignetError(.io, "the document's PDF is missing") }
        let work = try services.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let filler = TemplateFiller(engine: try services.sealingStamps(of: services.engine), limits: services.limits, images: .dataURLsOnly)
        let output = work + "/finished.pdf"
        // The stored copy is the one flushed to disk.
        _ = try await filler.stamp(
            source, fields: document.fields, checkedValues: values, output: output, durable: false, attachments: [fieldData])
        return try services.blobs.put(file: output)
    }

    package static func document(_ record: InteractionRecord) throws -> DocumentPart {
        guard let document = record.payload.document else {
            throw SignetError(.invalidInput, "this is a \(record.kind.rawValue), not a document")
        }
        return document
    }

    /// Values the customer gives: only their own fields, no signing dates, read-only fields
    /// unchanged, every non-empty value valid for its kind, images as data URLs.
    static func checkGiven(_ values: [String: StampValue], fields: [FieldDefinition]) throws {
        let byId = Dictionary(fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [FieldProblem] = []
        for id in values.keys.sorted() {
            let value = values[id]!
            guard let field = byId[id] else {
                problems.append(FieldProblem(field: id, label: id, reason: "there is no field with this id"))
                continue
            }
            if field.role != .customer {
                problems.append(FieldProblem(field, "this field belongs to the agent; the customer cannot change it"))
            } else if field.kind == .signingDate {
                problems.append(FieldProblem(field, "a signing date is filled in automatically when the customer signs"))
            } else if field.readOnly, value != field.value {
                problems.append(FieldProblem(field, "the field is read-only and keeps its value"))
            } else if let reason = ImageSources.dataURLsOnly.problem(with: value) {
                problems.append(FieldProblem(field, reason))
            } else if !ValueCheck.isEmpty(value), let reason = ValueCheck.problem(with: value, for: field) {
                problems.append(FieldProblem(field, reason))
            }
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "finish", problems: problems) }
    }
}
