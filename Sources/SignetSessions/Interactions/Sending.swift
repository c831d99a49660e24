import Foundation
import SignetModel
import SignetStore

/// The agent sending into a session: documents (one or several at once), batches, document
/// and payment requests, shared reviews and workflows. Everything a send holds is composed and
/// checked first, every problem collected per field; then one transaction adds it
/// (`interactionAdded`) and releases what the flow allows.
package struct Sending: Sendable {
    let services: SignetServices
    let composer: InteractionComposer

    package init(services: SignetServices) {
        self.services = services
        composer = InteractionComposer(services: services)
    }

    /// Adds `draft` to `session`.
    package func send(_ draft: Interactions.Draft, into session: SessionRecord, by actor: Actor) async throws -> InteractionRecord {
        try await services.interactions.add(draft, session: session.id, by: actor)
    }

    /// One document, from a template or a PDF uploaded into the session.
    package func document(_ spec: InteractionComposer.DocumentSpec, into session: SessionRecord, by actor: Actor) async throws
        -> InteractionRecord
    {
        try await send(try await composer.document(spec, session: session), into: session, by: actor)
    }

    /// One interaction per document; nothing is sent unless all are valid.
    package func documents(_ specs: [InteractionComposer.DocumentSpec], into session: SessionRecord, by actor: Actor) async throws
        -> [InteractionRecord]
    {
        guard (1...20).contains(specs.count) else { throw composer.problem("documents", "Documents", "send 1 to 20 documents at once") }
        let drafts = try await composed(specs, session: session)
        var records: [InteractionRecord] = []
        for draft in drafts { records.append(try await send(draft, into: session, by: actor)) }
        return records
    }

    /// One batch interaction whose steps are `documents`, signed in order.
    package func batch(title: String, documents: [InteractionComposer.DocumentSpec], into session: SessionRecord, by actor: Actor)
        async throws -> InteractionRecord
    {
        guard (1...20).contains(documents.count) else {
            throw composer.problem("documents", "Documents", "a batch holds 1 to 20 documents")
        }
        let steps = try await composed(documents, session: session)
        let draft = Interactions.Draft(
            kind: .batch, title: try composer.title(title, default: "", prefix: ""), payload: InteractionPayload(), steps: steps)
        return try await send(draft, into: session, by: actor)
    }

    /// A shared review of a document interaction of this session (as the customer sees it) or
    /// of a PDF uploaded into it.
    package func review(title: String?, interaction: String?, upload: String?, into session: SessionRecord, by actor: Actor)
        async throws -> InteractionRecord
    {
        let part: ReviewPart
        let fallback: String
        switch (interaction, upload) {
        case (let id?, nil):
            guard let source = try await services.interactions.find(id, session: session.id), let document = source.payload.document else {
                throw composer.problem("interaction", "Document", "no document with this id in this session")
            }
            part = ReviewPart(original: document.finished ?? document.prepared, pages: document.pages, source: id)
            fallback = "Review: \(source.title)"
        case (nil, let blob?):
            guard let staged = try await services.interactions.stagedUpload(blob: blob, session: session.id),
                let path = services.blobs.file(blob)
            else { throw composer.problem("upload", "Upload", "no PDF with this SHA-256 was uploaded into this session") }
            let report = try await services.preparation.preflight(path, name: staged.fileName ?? "the PDF")
            part = ReviewPart(original: blob, pages: report.pages.map { PageSize(width: $0.width, height: $0.height) }, source: nil)
            fallback = "Review: \(staged.fileName ?? "document")"
        default:
            throw composer.problem("interaction", "Document", "give either a document interaction id or an uploaded PDF's SHA-256")
        }
        let draft = Interactions.Draft(
            kind: .review, title: try composer.title(title, default: fallback, prefix: ""), payload: InteractionPayload(review: part))
        return try await send(draft, into: session, by: actor)
    }

    /// The workflow `id` as one interaction with its steps; `values` (by step number) add to
    /// its template steps' own.
    package func workflow(_ id: String, values: [String: [String: StampValue]], into session: SessionRecord, by actor: Actor)
        async throws -> InteractionRecord
    {
        guard let workflow = try await services.workflows.find(id) else {
            throw composer.problem("workflow", "Workflow", "there is no workflow with this id")
        }
        let draft = try await WorkflowSteps(composer: composer).draft(workflow, values: values, session: session)
        return try await send(draft, into: session, by: actor)
    }

    /// Every spec composed, problems named `documents[i].…`, all of them or none.
    private func composed(_ specs: [InteractionComposer.DocumentSpec], session: SessionRecord) async throws -> [Interactions.Draft] {
        var drafts: [Interactions.Draft] = []
        var problems: [FieldProblem] = []
        for (i, spec) in specs.enumerated() {
            do {
                drafts.append(try await composer.document(spec, session: session, prefix: "documents[\(i)]."))
            } catch let failure as FieldProblems {
                problems += failure.problems
            }
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "send", problems: problems) }
        return drafts
    }
}
