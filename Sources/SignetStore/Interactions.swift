import Foundation
import GRDB
import SignetModel

/// The interactions' rows in SQLite, and their uploads and notes: reads. Adding and changing
/// interactions are SignetSessions' use cases over the session aggregate
/// (`StoreBackend.withSession`), which records every change in the session's record.
package struct Interactions: Sendable {
    let store: Store

    /// Creates the reads over `store`.
    package init(store: Store) { self.store = store }

    /// A new interaction as its sender describes it; a batch or workflow carries its steps.
    package struct Draft: Sendable {
        package var kind: InteractionRecord.Kind
        package var title: String
        package var payload: InteractionPayload
        package var steps: [Draft]

        /// Creates a draft.
        package init(kind: InteractionRecord.Kind, title: String, payload: InteractionPayload, steps: [Draft] = []) {
            self.kind = kind
            self.title = title
            self.payload = payload
            self.steps = steps
        }
    }

    /// Every interaction of the session, groups' steps included, in order.
    package func list(session id: String) async throws -> [InteractionRecord] {
        try await store.read { db in
            try InteractionRecord.filter(InteractionRecord.Columns.sessionId == id).order(
                InteractionRecord.Columns.createdAt, InteractionRecord.Columns.position
            ).fetchAll(db)
        }
    }

    /// The interaction `id` of session `session`, or nil.
    package func find(_ id: String, session: String) async throws -> InteractionRecord? {
        try await store.read { db in
            try InteractionRecord.filter(InteractionRecord.Columns.id == id && InteractionRecord.Columns.sessionId == session).fetchOne(db)
        }
    }

    /// The files uploaded for a document request, oldest first.
    package func uploads(of interaction: String) async throws -> [UploadRecord] {
        try await store.read { db in
            try UploadRecord.filter(UploadRecord.Columns.interactionId == interaction).order(
                UploadRecord.Columns.createdAt, UploadRecord.Columns.id
            ).fetchAll(db)
        }
    }

    /// The notes pinned on a shared review, oldest first.
    package func notes(of interaction: String) async throws -> [ReviewNoteRecord] {
        try await store.read { db in
            try ReviewNoteRecord.filter(ReviewNoteRecord.Columns.interactionId == interaction).order(ReviewNoteRecord.Columns.id).fetchAll(
                db)
        }
    }

    /// What the uploads of `interaction` (the agent's staged ones in `session` when nil) hold,
    /// leaving out `excluding`: checked before a file is read and stored, so one that will
    /// not fit costs neither.
    package func uploadUsage(interaction: String?, session: String, excluding: String? = nil) async throws -> UploadQuota.Usage {
        try await store.read { db in
            let held = try UploadRecord.filter(UploadRecord.Columns.sessionId == session).fetchAll(db)
            return UploadQuota.usage(of: held, interaction: interaction, excluding: excluding)
        }
    }

    /// The agent's staged upload `blob` in `session`, or nil.
    package func stagedUpload(blob: String, session: String) async throws -> UploadRecord? {
        try await store.read { db in
            try UploadRecord.filter(
                UploadRecord.Columns.sessionId == session && UploadRecord.Columns.blob == blob && UploadRecord.Columns.interactionId == nil
            ).fetchOne(db)
        }
    }
}
