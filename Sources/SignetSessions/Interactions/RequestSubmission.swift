import Foundation
import SignetModel
import SignetStore
import SignetTemplates

/// The customer handing in a document request: a file for every document asked for, and the
/// photos assembled into one PDF (in upload order) so the agent can file a single document.
package struct RequestSubmission {
    let services: SignetServices

    package init(services: SignetServices) { self.services = services }

    package func submit(_ record: InteractionRecord, session: SessionRecord, by actor: Actor) async throws -> InteractionRecord {
        guard let part = record.payload.request else {
            throw SignetError(.invalidInput, "this is a \(record.kind.rawValue), not a document request")
        }
        try record.checkOpen()
        let uploads = try await services.interactions.uploads(of: record.id)
        let missing = part.documents.filter { doc in !uploads.contains { $0.type == doc.type } }
        guard missing.isEmpty else {
            throw FieldProblems(
                stage: "submit",
                problems: missing.map { FieldProblem(field: $0.type, label: $0.label, reason: "upload this document first") })
        }
        let images = uploads.filter { $0.contentKind != .pdf }.compactMap { services.blobs.file($0.blob) }
        let assembled = images.isEmpty ? nil : try await assemble(images)
        return try await services.interactions.change(
            record.id, session: session.id, event: "completed", detail: ["files": String(uploads.count)], by: actor
        ) { record in
            try record.checkOpen()
            record.status = .completed
            record.payload.request?.assembled = assembled
        }
    }

    private func assemble(_ images: [String]) async throws -> String {
        let work = try services.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let request = ImageAssemblyRequest(images: images, output: work + "/assembled.pdf", limits: services.limits)
        let report = try await services.engine(request)
        return try services.blobs.put(file: report.output)
    }
}
