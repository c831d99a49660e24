import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// The agent countersigning a document the customer finished: the agent's countersign fields
/// checked (per-field problems otherwise), stamped as an incremental update onto the
/// customer's sealed PDF (its bytes untouched, so the customer's seal stays valid), and a
/// second seal on top. The countersigned file becomes the finished document, and its
/// certificate of completion is issued.
package struct DocumentCountersigner {
    let services: SignetServices

    /// What the countersigned file carries beside `signet-fields.json` (the customer's
    /// values, sealed before): the agent's countersign fields.
    static let fieldDataName = "signet-countersign.json"

    package init(services: SignetServices) { self.services = services }

    package func countersign(_ record: InteractionRecord, session: SessionRecord, values: [String: StampValue], by actor: Actor)
        async throws -> InteractionRecord
    {
        let document = try DocumentFinisher.document(record)
        try Self.checkAwaiting(record)
        guard let sealed = document.finished, let source = services.blobs.file(sealed) else {
            throw SignetError(.io, "the customer's finished PDF is missing")
        }
        // Off the HTTP threads: the agent's text is matched against the fields' patterns.
        let drawn = try await offload { try FillCheck.countersign(document.fields, values: values, images: .dataURLsOnly).get() }
        let fields = document.fields.filter(\.countersign)
        var fieldData = try FieldData.file(
            fields: fields, values: drawn,
            document: ["title": record.title, "session": session.id, "interaction": record.id, "stage": "countersign"])
        fieldData.name = Self.fieldDataName
        let finished = try await stamp(drawn, fields: fields, on: source, attaching: fieldData)
        let signatures = fields.filter { [.signature, .initials].contains($0.kind) && drawn[$0.id] != nil }.count
        let completed = try await services.interactions.change(
            record.id, session: session.id, event: "completed",
            detail: ["sha256": finished, "countersigned": sealed, "signatures": String(signatures)], by: actor
        ) { record in
            // A second countersignature that raced this one finds the document completed.
            try Self.checkAwaiting(record)
            record.status = .completed
            record.payload.document?.countersignValues = drawn
            record.payload.document?.finished = finished
        }
        return await CompletionCertificates(services: services).issueAfterFinish(completed, session: session)
    }

    static func checkAwaiting(_ record: InteractionRecord) throws {
        guard record.status == .awaitingCountersign else {
            throw SignetError(
                .conflict,
                "this \(record.kind.rawValue) is \(record.status.rawValue); only one awaiting countersignature can be countersigned")
        }
    }

    /// Draws the countersign values onto the customer's sealed file as an incremental update,
    /// refuses any output that does not begin with the sealed bytes (a rewrite would break the
    /// customer's seal), then seals the result. Answers its SHA-256.
    private func stamp(_ values: [String: StampValue], fields: [FieldDefinition], on sealed: String, attaching fieldData: EmbeddedFile)
        async throws -> String
    {
        let work = try services.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let filler = TemplateFiller(engine: services.engine, limits: services.limits, images: .dataURLsOnly)
        let output = work + "/countersigned.pdf"
        _ = try await filler.stamp(
            sealed, fields: fields, checkedValues: values, output: output, mode: .incremental, durable: false, attachments: [fieldData])
        guard try Self.extends(output, sealed) else {
            throw SignetError(.internal, "the countersignature could not be appended to the sealed PDF without rewriting it")
        }
        return try await services.storeSealed(output, work: work)
    }

    /// Whether the file at `path` begins with every byte of the file at `prefix`.
    static func extends(_ path: String, _ prefix: String) throws -> Bool {
        let original = try Data(contentsOf: URL(fileURLWithPath: prefix), options: .alwaysMapped)
        let updated = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return updated.count > original.count && updated.prefix(original.count) == original
    }
}
