import Foundation
import GRDB
import SignetModel

/// The interactions of sessions: added by agents, acted on by customers, each change recorded
/// in the session's record in the same transaction (so the live stream pushes it), and the
/// flow (`FlowRule`) settled after every change.
public struct Interactions: Sendable {
    let store: Store
    let flow: FlowRule

    /// Creates the service; `flow` moves interactions on after every change.
    public init(store: Store, flow: @escaping FlowRule) {
        self.store = store
        self.flow = flow
    }

    /// A new interaction as its sender describes it; a batch or workflow carries its steps.
    public struct Draft: Sendable {
        public var kind: InteractionRecord.Kind
        public var title: String
        public var payload: InteractionPayload
        public var steps: [Draft]

        /// Creates a draft.
        public init(kind: InteractionRecord.Kind, title: String, payload: InteractionPayload, steps: [Draft] = []) {
            self.kind = kind
            self.title = title
            self.payload = payload
            self.steps = steps
        }
    }

    /// Adds `draft` at the end of the session. In a pre-planned session it waits (pending)
    /// until the invitation; otherwise it is sent at once (a group's first step only).
    public func add(_ draft: Draft, session id: String, by actor: Actor, now: Date = Date()) async throws -> InteractionRecord {
        try await store.write { db in
            let session = try Sessions.current(Sessions.fetch(db, id), now: now)
            guard [.draft, .invited, .active].contains(session.state) else {
                // A completed session is final (see `SessionCompletion`): start a new one.
                throw SignetError(
                    .conflict,
                    "the session is \(session.state.rawValue); nothing more can be sent into it"
                        + (session.state == .completed ? " (start a new session for further documents)" : ""))
            }
            let last =
                try Int.fetchOne(db, sql: "SELECT MAX(position) FROM interaction WHERE sessionId = ? AND parentId IS NULL", arguments: [id])
                ?? 0
            let parent = try insert(db, draft, session: id, parent: nil, position: last + 1, now: now)
            for (i, step) in draft.steps.enumerated() {
                _ = try insert(db, step, session: id, parent: parent.id, position: i + 1, now: now)
            }
            var detail = ["interaction": parent.id, "kind": parent.kind.rawValue, "title": parent.title, "status": parent.status.rawValue]
            // The record names the exact version sent, so it can be audited after the template changes.
            if let template = parent.payload.document?.template {
                detail["template"] = "\(template.slug)@\(template.version) \(template.contentHash)"
            }
            try EventLog.append(db, session: id, kind: "interactionAdded", actor: actor, detail: detail, now: now)
            try Flow.settle(db, session: session, rule: flow, by: actor, now: now)
            return try Self.fetch(db, parent.id, session: id)
        }
    }

    /// Every interaction of the session, groups' steps included, in order.
    public func list(session id: String) async throws -> [InteractionRecord] {
        try await store.read { db in
            try InteractionRecord.filter(InteractionRecord.Columns.sessionId == id).order(
                InteractionRecord.Columns.createdAt, InteractionRecord.Columns.position
            ).fetchAll(db)
        }
    }

    /// The interaction `id` of session `session`, or nil.
    public func find(_ id: String, session: String) async throws -> InteractionRecord? {
        try await store.read { db in
            try InteractionRecord.filter(InteractionRecord.Columns.id == id && InteractionRecord.Columns.sessionId == session).fetchOne(db)
        }
    }

    /// Changes one interaction in a transaction: `body` edits it (and may throw to refuse),
    /// `event` is recorded with the interaction's id and new status, and the flow settles.
    /// With `ifChanged`, a `body` that leaves the record as it found it writes and records
    /// nothing: for changes that readers may race to make (a customer's two tabs opening the
    /// same document record one `interactionOpened`, not two).
    public func change(
        _ id: String, session: String, event: String, detail: [String: String] = [:], by actor: Actor, now: Date = Date(),
        ifChanged: Bool = false, _ body: @escaping @Sendable (inout InteractionRecord) throws -> Void
    ) async throws -> InteractionRecord {
        try await change(id, session: session, event: event, detail: detail, by: actor, now: now, ifChanged: ifChanged) { record, _ in
            try body(&record)
        }.record
    }

    /// `change`, with the transaction at hand for what the store adds beside the change (an
    /// upload, a note), so both commit together; answers what `body` answers too.
    func change<Added: Sendable>(
        _ id: String, session: String, event: String, detail: [String: String] = [:], by actor: Actor, now: Date, ifChanged: Bool = false,
        within body: @escaping @Sendable (inout InteractionRecord, Database) throws -> Added
    ) async throws -> (record: InteractionRecord, added: Added) {
        try await store.write { db in
            var record = try Self.fetch(db, id, session: session)
            let found = record
            let added = try body(&record, db)
            if ifChanged && record == found { return (record, added) }
            record.updatedAt = now
            if record.status == .completed && record.completedAt == nil { record.completedAt = now }
            try record.update(db)
            try EventLog.append(db, session: session, kind: event, actor: actor, detail: Self.detail(record, detail), now: now)
            try Flow.settle(db, session: try Sessions.fetch(db, session), rule: flow, by: actor, now: now)
            return (try Self.fetch(db, id, session: session), added)
        }
    }

    /// Records something that happened to an interaction without changing it (a download).
    public func note(_ record: InteractionRecord, event: String, detail: [String: String] = [:], by actor: Actor, now: Date = Date())
        async throws
    {
        try await store.write { db in
            try EventLog.append(db, session: record.sessionId, kind: event, actor: actor, detail: Self.detail(record, detail), now: now)
        }
    }

    /// The files uploaded for a document request, oldest first.
    public func uploads(of interaction: String) async throws -> [UploadRecord] {
        try await store.read { db in
            try UploadRecord.filter(UploadRecord.Columns.interactionId == interaction).order(
                UploadRecord.Columns.createdAt, UploadRecord.Columns.id
            ).fetchAll(db)
        }
    }

    /// The notes pinned on a shared review, oldest first.
    public func notes(of interaction: String) async throws -> [ReviewNoteRecord] {
        try await store.read { db in
            try ReviewNoteRecord.filter(ReviewNoteRecord.Columns.interactionId == interaction).order(ReviewNoteRecord.Columns.id).fetchAll(
                db)
        }
    }

    static func fetch(_ db: Database, _ id: String, session: String) throws -> InteractionRecord {
        guard
            let record = try InteractionRecord.filter(InteractionRecord.Columns.id == id && InteractionRecord.Columns.sessionId == session)
                .fetchOne(db)
        else {
            throw SignetError(.invalidInput, "there is no interaction \(id) in this session", field: "interaction")
        }
        return record
    }

    static func detail(_ record: InteractionRecord, _ extra: [String: String]) -> [String: String] {
        var detail = extra
        detail["interaction"] = record.id
        detail["kind"] = record.kind.rawValue
        detail["status"] = record.status.rawValue
        if let parent = record.parentId { detail["parent"] = parent }
        return detail
    }

    private func insert(_ db: Database, _ draft: Draft, session: String, parent: String?, position: Int, now: Date) throws
        -> InteractionRecord
    {
        let record = InteractionRecord(
            id: UUID().uuidString.lowercased(), sessionId: session, parentId: parent, position: position, kind: draft.kind,
            title: draft.title, status: .pending, payload: draft.payload, declineReason: nil, createdAt: now, updatedAt: now,
            completedAt: nil)
        try record.insert(db)
        return record
    }
}

/// One move of the flow: `record` as the rule changed it, recorded with `event`.
public struct FlowMove: Sendable {
    public var record: InteractionRecord
    public var event: String

    /// Creates a move.
    public init(_ record: InteractionRecord, event: String) {
        self.record = record
        self.event = event
    }
}

/// How interactions move on by themselves after every change to a session (SignetSessions'
/// `InteractionFlow`): given the session and all its interactions in order, the ones it moves.
/// The store applies the moves and records their events in the transaction of the change.
public typealias FlowRule = @Sendable (_ session: SessionRecord, _ interactions: [InteractionRecord], _ now: Date) -> [FlowMove]

enum Flow {
    /// Lets `rule` move the interactions of `session`, in the caller's transaction.
    static func settle(_ db: Database, session: SessionRecord, rule: FlowRule, by actor: Actor, now: Date) throws {
        let all = try InteractionRecord.filter(InteractionRecord.Columns.sessionId == session.id).order(InteractionRecord.Columns.position)
            .fetchAll(db)
        for move in rule(session, all, now) {
            try move.record.update(db)
            try EventLog.append(
                db, session: session.id, kind: move.event, actor: actor, detail: Interactions.detail(move.record, [:]), now: now)
        }
        // The change that finishes the last interaction completes the session with it.
        try SessionCompletion.completeIfDone(db, session: session.id, by: .system, now: now)
    }
}

extension Interactions {
    /// Records an uploaded file in session `session` (for interaction `interaction`, or
    /// staged by the agent when nil); for a document request the interaction moves to in
    /// progress. With `quota`, the file must fit beside the others (`UploadQuota.Exceeded`
    /// otherwise); `replacing` names an earlier upload of the same holder that this one
    /// takes the place of, so its share is freed.
    public func addUpload(_ upload: UploadRecord, quota: UploadQuota? = nil, replacing: String? = nil, by actor: Actor, now: Date = Date())
        async throws -> UploadRecord
    {
        if let interaction = upload.interactionId {
            var detail = ["upload": upload.id, "type": upload.type]
            if let replacing { detail["replaced"] = replacing }
            _ = try await change(interaction, session: upload.sessionId, event: "uploaded", detail: detail, by: actor, now: now) {
                record, db in
                guard [.sent, .opened, .inProgress, .failed].contains(record.status) else {
                    throw SignetError(.conflict, "this request is \(record.status.rawValue); no more files can be added")
                }
                try Self.makeRoom(db, for: upload, quota: quota, replacing: replacing)
                record.status = .inProgress
                try upload.insert(db)
            }
        } else {
            try await store.write { db in
                try Self.makeRoom(db, for: upload, quota: quota, replacing: replacing)
                try upload.insert(db)
            }
        }
        return upload
    }

    /// Frees the share of the upload `upload` replaces and checks that `upload` fits: done
    /// again in the transaction that adds it, so parallel uploads cannot all slip under the quota.
    private static func makeRoom(_ db: Database, for upload: UploadRecord, quota: UploadQuota?, replacing: String?) throws {
        if let replacing {
            let removed = try UploadRecord.filter(
                UploadRecord.Columns.id == replacing && UploadRecord.Columns.sessionId == upload.sessionId
                    && UploadRecord.Columns.interactionId == upload.interactionId
            ).deleteAll(db)
            guard removed == 1 else {
                throw SignetError(.invalidInput, "there is no upload \(replacing) here to replace", field: "replace")
            }
        }
        if let quota {
            try quota.check(
                adding: upload.size, to: UploadQuota.usage(db, interaction: upload.interactionId, session: upload.sessionId, excluding: nil)
            )
        }
    }

    /// What the uploads of `interaction` (the agent's staged ones in `session` when nil) hold,
    /// leaving out `excluding`: checked before a file is read and stored, so one that will
    /// not fit costs neither.
    public func uploadUsage(interaction: String?, session: String, excluding: String? = nil) async throws -> UploadQuota.Usage {
        try await store.read { db in try UploadQuota.usage(db, interaction: interaction, session: session, excluding: excluding) }
    }

    /// The agent's staged upload `blob` in `session`, or nil.
    public func stagedUpload(blob: String, session: String) async throws -> UploadRecord? {
        try await store.read { db in
            try UploadRecord.filter(
                UploadRecord.Columns.sessionId == session && UploadRecord.Columns.blob == blob && UploadRecord.Columns.interactionId == nil
            ).fetchOne(db)
        }
    }

    /// Pins a note on a shared review and records it (with its text: the review is kept in
    /// the session's record), so the other side's live stream shows it.
    public func addNote(_ note: ReviewNoteRecord, by actor: Actor, now: Date = Date()) async throws -> ReviewNoteRecord {
        try await change(
            note.interactionId, session: note.sessionId, event: "noteAdded",
            detail: ["author": note.author, "page": String(note.page), "x": String(note.x), "y": String(note.y), "text": note.text],
            by: actor,
            now: now
        ) { record, db in
            guard record.kind == .review, [.sent, .opened, .inProgress].contains(record.status) else {
                throw SignetError(.conflict, "notes can only be added to an open shared review")
            }
            record.status = .inProgress
            var saved = note
            try saved.insert(db)
            return saved
        }.added
    }
}
