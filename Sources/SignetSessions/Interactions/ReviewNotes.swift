import Foundation
import SignetModel
import SignetStore

/// Notes pinned on a shared review: a place on a displayed page (points from its top-left
/// corner, as every coordinate in Signet) and a short text.
package enum ReviewNotes {
    package struct Spec: Decodable, Sendable {
        var page: Int
        var x: Double
        var y: Double
        var text: String
    }

    /// Checks `spec` against the review's pages; every problem per field.
    static func note(_ spec: Spec, on record: InteractionRecord, session: SessionRecord, author: String) throws -> ReviewNoteRecord {
        guard let review = record.payload.review else {
            throw SignetError(.invalidInput, "notes belong to shared reviews; this is a \(record.kind.rawValue)")
        }
        var problems: [FieldProblem] = []
        let text = spec.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.count > 2000 {
            problems.append(FieldProblem(field: "text", label: "Note", reason: "write 1 to 2000 characters"))
        }
        if !(1...review.pages.count).contains(spec.page) {
            problems.append(FieldProblem(field: "page", label: "Page", reason: "the document has pages 1 to \(review.pages.count)"))
        } else {
            let size = review.pages[spec.page - 1]
            if !(0...size.width).contains(spec.x) {
                problems.append(FieldProblem(field: "x", label: "x", reason: "must be within the page: 0 to \(size.width) points"))
            }
            if !(0...size.height).contains(spec.y) {
                problems.append(FieldProblem(field: "y", label: "y", reason: "must be within the page: 0 to \(size.height) points"))
            }
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "note", problems: problems) }
        return ReviewNoteRecord(
            interactionId: record.id, sessionId: session.id, author: author, page: spec.page, x: spec.x, y: spec.y, text: text,
            createdAt: Date())
    }

    /// Pins the note `spec` on the review `record` as `author`: checked, then one transaction
    /// that adds it, moves the review to in progress and records `noteAdded`.
    package static func add(
        _ spec: Spec, on record: InteractionRecord, session: SessionRecord, author: String, in interactions: SessionInteractions,
        by actor: Actor
    )
        async throws -> ReviewNoteRecord
    {
        try await interactions.addNote(try note(spec, on: record, session: session, author: author), by: actor)
    }
}
