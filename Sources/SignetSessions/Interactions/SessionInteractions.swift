import Foundation
import SignetModel
import SignetStore

/// The interactions of sessions: added by agents, acted on by customers. Each change is one
/// session-aggregate transaction (`StoreBackend.withSession`) that changes the interaction,
/// records its event in the session's record (so the live stream pushes it) and lets
/// `InteractionFlow` move the session on, all committed together.
package struct SessionInteractions: Sendable {
    let backend: any StoreBackend

    /// Creates the interaction use cases over `backend`.
    package init(backend: any StoreBackend) { self.backend = backend }

    /// Adds `draft` at the end of the session. In a pre-planned session it waits (pending)
    /// until the invitation; otherwise it is sent at once (a group's first step only).
    package func add(_ draft: Interactions.Draft, session id: String, by actor: Actor, now: Date = Date()) async throws -> InteractionRecord
    {
        try await backend.withSession(id) { change in
            let state = Sessions.current(change.session, now: now).state
            guard [.draft, .invited, .active].contains(state) else {
                // A completed session is final (see `SessionChange.completeIfDone`): start a new one.
                throw SignetError(
                    .conflict,
                    "the session is \(state.rawValue); nothing more can be sent into it"
                        + (state == .completed ? " (start a new session for further documents)" : ""))
            }
            let last = change.interactions.filter { $0.parentId == nil }.map(\.position).max() ?? 0
            let parent = Self.record(draft, session: id, parent: nil, position: last + 1, now: now)
            change.add(parent)
            for (i, step) in draft.steps.enumerated() {
                change.add(Self.record(step, session: id, parent: parent.id, position: i + 1, now: now))
            }
            var detail = ["interaction": parent.id, "kind": parent.kind.rawValue, "title": parent.title, "status": parent.status.rawValue]
            // The record names the exact version sent, so it can be audited after the template changes.
            if let template = parent.payload.document?.template {
                detail["template"] = "\(template.slug)@\(template.version) \(template.contentHash)"
            }
            change.record("interactionAdded", by: actor, detail: detail, now: now)
            change.settle(by: actor, now: now)
            return try change.interaction(parent.id)
        }.value
    }

    /// Changes one interaction in a transaction: `body` edits it (and may throw to refuse),
    /// `event` is recorded with the interaction's id and new status, and the flow settles.
    /// With `ifChanged`, a `body` that leaves the record as it found it writes and records
    /// nothing: for changes that readers may race to make (a customer's two tabs opening the
    /// same document record one `interactionOpened`, not two).
    package func change(
        _ id: String, session: String, event: String, detail: [String: String] = [:], by actor: Actor, now: Date = Date(),
        ifChanged: Bool = false, _ body: @escaping @Sendable (inout InteractionRecord) throws -> Void
    ) async throws -> InteractionRecord {
        try await change(id, session: session, event: event, detail: detail, by: actor, now: now, ifChanged: ifChanged) { record, _ in
            try body(&record)
        }.record
    }

    /// `change`, with the session's change at hand for what is added beside it (an upload, a
    /// note), so both commit together; answers what `body` answers too.
    func change<Added: Sendable>(
        _ id: String, session: String, event: String, detail: [String: String] = [:], by actor: Actor, now: Date, ifChanged: Bool = false,
        within body: @escaping @Sendable (inout InteractionRecord, inout SessionChange) throws -> Added
    ) async throws -> (record: InteractionRecord, added: Added, change: SessionChange) {
        let (result, change) = try await backend.withSession(session) { change in
            var record = try change.interaction(id)
            let found = record
            let added = try body(&record, &change)
            if ifChanged && record == found { return (record, added) }
            record.updatedAt = now
            if record.status == .completed && record.completedAt == nil { record.completedAt = now }
            change.update(record)
            change.record(event, by: actor, detail: Self.detail(record, detail), now: now)
            change.settle(by: actor, now: now)
            return (try change.interaction(id), added)
        }
        return (result.0, result.1, change)
    }

    /// Records something that happened to an interaction without changing it (a download).
    package func note(_ record: InteractionRecord, event: String, detail: [String: String] = [:], by actor: Actor, now: Date = Date())
        async throws
    {
        _ = try await backend.withSession(record.sessionId) { change in
            change.record(event, by: actor, detail: Self.detail(record, detail), now: now)
        }
    }

    // MARK: - Reads

    /// Every interaction of the session, groups' steps included, in order.
    package func list(session id: String) async throws -> [InteractionRecord] {
        try await backend.interactions(session: id)
    }

    /// The interaction `id` of session `session`, or nil.
    package func find(_ id: String, session: String) async throws -> InteractionRecord? {
        try await backend.interaction(id, session: session)
    }

    /// The files uploaded for a document request, oldest first.
    package func uploads(of interaction: String) async throws -> [UploadRecord] {
        try await backend.uploads(of: interaction)
    }

    /// The notes pinned on a shared review, oldest first.
    package func notes(of interaction: String) async throws -> [ReviewNoteRecord] {
        try await backend.notes(of: interaction)
    }

    /// What the uploads of `interaction` (the agent's staged ones in `session` when nil) hold,
    /// leaving out `excluding`: checked before a file is read and stored, so one that will
    /// not fit costs neither.
    package func uploadUsage(interaction: String?, session: String, excluding: String? = nil) async throws -> UploadQuota.Usage {
        try await backend.uploadUsage(interaction: interaction, session: session, excluding: excluding)
    }

    /// The agent's staged upload `blob` in `session`, or nil.
    package func stagedUpload(blob: String, session: String) async throws -> UploadRecord? {
        try await backend.stagedUpload(blob: blob, session: session)
    }

    /// The finished document whose PDF has SHA-256 `sha256`, if the record holds one.
    package func finishedDocument(sha256: String) async throws -> FinishedDocument? {
        try await backend.finishedDocument(sha256: sha256)
    }

    // MARK: - Internals

    /// An event's detail about `record`: its id, kind, status and group, beside `extra`.
    static func detail(_ record: InteractionRecord, _ extra: [String: String]) -> [String: String] {
        var detail = extra
        detail["interaction"] = record.id
        detail["kind"] = record.kind.rawValue
        detail["status"] = record.status.rawValue
        if let parent = record.parentId { detail["parent"] = parent }
        return detail
    }

    private static func record(_ draft: Interactions.Draft, session: String, parent: String?, position: Int, now: Date)
        -> InteractionRecord
    {
        InteractionRecord(
            id: UUID().uuidString.lowercased(), sessionId: session, parentId: parent, position: position, kind: draft.kind,
            title: draft.title, status: .pending, payload: draft.payload, declineReason: nil, createdAt: now, updatedAt: now,
            completedAt: nil)
    }
}
