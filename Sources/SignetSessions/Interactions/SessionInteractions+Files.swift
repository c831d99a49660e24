import Foundation
import SignetModel
import SignetStore

extension SessionInteractions {
    /// Records an uploaded file in session `session` (for interaction `interaction`, or
    /// staged by the agent when nil); for a document request the interaction moves to in
    /// progress. With `quota`, the file must fit beside the others (`UploadQuota.Exceeded`
    /// otherwise); `replacing` names an earlier upload of the same holder that this one
    /// takes the place of, so its share is freed.
    package func addUpload(_ upload: UploadRecord, quota: UploadQuota? = nil, replacing: String? = nil, by actor: Actor, now: Date = Date())
        async throws -> UploadRecord
    {
        if let interaction = upload.interactionId {
            var detail = ["upload": upload.id, "type": upload.type]
            if let replacing { detail["replaced"] = replacing }
            _ = try await change(interaction, session: upload.sessionId, event: "uploaded", detail: detail, by: actor, now: now) {
                record, change in
                guard [.sent, .opened, .inProgress, .failed].contains(record.status) else {
                    throw SignetError(.conflict, "this request is \(record.status.rawValue); no more files can be added")
                }
                try Self.makeRoom(&change, for: upload, quota: quota, replacing: replacing)
                record.status = .inProgress
                change.add(upload)
            }
        } else {
            _ = try await backend.withSession(upload.sessionId) { change in
                try Self.makeRoom(&change, for: upload, quota: quota, replacing: replacing)
                change.add(upload)
            }
        }
        return upload
    }

    /// Frees the share of the upload `upload` replaces and checks that `upload` fits: done
    /// again in the transaction that adds it, so parallel uploads cannot all slip under the quota.
    private static func makeRoom(_ change: inout SessionChange, for upload: UploadRecord, quota: UploadQuota?, replacing: String?) throws {
        if let replacing, !change.removeUpload(replacing, heldLike: upload) {
            throw SignetError(.invalidInput, "there is no upload \(replacing) here to replace", field: "replace")
        }
        if let quota {
            try quota.check(adding: upload.size, to: change.uploadUsage(interaction: upload.interactionId))
        }
    }

    /// Pins a note on a shared review and records it (with its text: the review is kept in
    /// the session's record), so the other side's live stream shows it.
    package func addNote(_ note: ReviewNoteRecord, by actor: Actor, now: Date = Date()) async throws -> ReviewNoteRecord {
        let committed = try await change(
            note.interactionId, session: note.sessionId, event: "noteAdded",
            detail: ["author": note.author, "page": String(note.page), "x": String(note.x), "y": String(note.y), "text": note.text],
            by: actor,
            now: now
        ) { record, change in
            guard record.kind == .review, [.sent, .opened, .inProgress].contains(record.status) else {
                throw SignetError(.conflict, "notes can only be added to an open shared review")
            }
            record.status = .inProgress
            change.notes.append(note)
        }.change
        // The one note this change pinned, with the id the backend gave it.
        return committed.notes.last ?? note
    }
}
