import Foundation
import SignetModel

/// One change to a session, as a use case makes it inside `StoreBackend.withSession`: the
/// session and its interactions as loaded (the body edits them in place), plus what the change
/// adds beside them (events, the customer's link, the invitation, uploads, notes, the address
/// book). The body only edits this value; the backend then writes what differs from what it
/// loaded and appends the events, all in the one transaction that holds the session.
///
/// A plain value with no database in it, so the same use case runs on every backend.
public struct SessionChange: Sendable {
    /// One event to append to the session's record, in order.
    public struct Event: Sendable, Hashable {
        public var kind: String
        public var actor: Actor
        public var detail: [String: String]
        public var at: Date
    }

    /// Someone the agent reached: remembered in (merged into) the agent's address book.
    public struct Sighting: Sendable, Hashable {
        public var agentId: String
        public var name: String
        public var phone: String?
        public var email: String?
        public var at: Date
    }

    /// The session; the backend updates its row when it differs from the loaded one.
    public var session: SessionRecord
    /// Every interaction of the session (groups' steps included), ordered by position; the
    /// backend inserts new ones (in this order: a group before its steps) and updates changed ones.
    public private(set) var interactions: [InteractionRecord]
    /// Every upload of the session, oldest first, as it stands after this change.
    public private(set) var uploads: [UploadRecord]

    public private(set) var events: [Event] = []
    /// Credentials to insert (after the customer's old links are revoked, when asked).
    public private(set) var credentials: [CredentialRecord] = []
    /// Whether the customer's earlier links stop working.
    public private(set) var revokesCustomerLinks = false
    /// Messages to queue in the outbox.
    public private(set) var messages: [OutboxRecord] = []
    public private(set) var sightings: [Sighting] = []
    public private(set) var addedUploads: [UploadRecord] = []
    public private(set) var removedUploads: [String] = []
    /// Notes to pin; the backend gives them their ids (see the committed change).
    public var notes: [ReviewNoteRecord] = []

    /// The session as loaded; nil when this change inserts it.
    public let loadedSession: SessionRecord?
    private let loadedInteractions: [String: InteractionRecord]

    /// A change to a stored session, as loaded in the transaction.
    public init(session: SessionRecord, interactions: [InteractionRecord], uploads: [UploadRecord]) {
        self.session = session
        self.interactions = interactions
        self.uploads = uploads
        loadedSession = session
        loadedInteractions = Dictionary(interactions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The change that inserts `session`.
    public init(inserting session: SessionRecord) {
        self.session = session
        interactions = []
        uploads = []
        loadedSession = nil
        loadedInteractions = [:]
    }

    // MARK: - Editing

    /// Appends an event to the session's record.
    public mutating func record(_ kind: String, by actor: Actor, detail: [String: String] = [:], now: Date) {
        events.append(Event(kind: kind, actor: actor, detail: detail, at: now))
    }

    /// The interaction `id` of this session; refused (as not found) for any other.
    public func interaction(_ id: String) throws -> InteractionRecord {
        guard let record = interactions.first(where: { $0.id == id }) else {
            throw SignetError(.invalidInput, "there is no interaction \(id) in this session", field: "interaction")
        }
        return record
    }

    /// Replaces the interaction with `record`'s id by `record`.
    public mutating func update(_ record: InteractionRecord) {
        guard let index = interactions.firstIndex(where: { $0.id == record.id }) else { return }
        interactions[index] = record
    }

    /// Adds a new interaction to the session.
    public mutating func add(_ record: InteractionRecord) {
        interactions.append(record)
    }

    /// Stops every customer link of the session working (a new invitation sends a new one).
    public mutating func revokeCustomerLinks() {
        revokesCustomerLinks = true
        credentials.removeAll { $0.kind == .customerLink }
    }

    /// Adds a credential for this session.
    public mutating func issue(_ credential: CredentialRecord) {
        credentials.append(credential)
    }

    /// Queues a message in the outbox.
    public mutating func queue(_ message: OutboxRecord) {
        messages.append(message)
    }

    /// Remembers a contact in `agentId`'s address book.
    public mutating func remember(agentId: String, name: String, phone: String?, email: String?, now: Date) {
        sightings.append(Sighting(agentId: agentId, name: name, phone: phone, email: email, at: now))
    }

    /// Adds an uploaded file.
    public mutating func add(_ upload: UploadRecord) {
        uploads.append(upload)
        addedUploads.append(upload)
    }

    /// Removes the upload `id` held by the same holder as `like` (its interaction, or the
    /// agent's staging when none); answers whether there was one.
    public mutating func removeUpload(_ id: String, heldLike like: UploadRecord) -> Bool {
        guard let index = uploads.firstIndex(where: { $0.id == id && $0.interactionId == like.interactionId }) else { return false }
        uploads.remove(at: index)
        if let added = addedUploads.firstIndex(where: { $0.id == id }) {
            addedUploads.remove(at: added)
        } else {
            removedUploads.append(id)
        }
        return true
    }

    /// What the uploads of `interaction` (the agent's staged ones when nil) hold, leaving out
    /// `excluding`.
    public func uploadUsage(interaction: String?, excluding: String? = nil) -> UploadQuota.Usage {
        UploadQuota.usage(of: uploads, interaction: interaction, excluding: excluding)
    }

    // MARK: - What the backend writes

    /// Whether the session row differs from the loaded one (always, for a new session).
    public var sessionChanged: Bool { loadedSession != session }

    /// Interactions that are new in this change, a group before its steps.
    public var insertedInteractions: [InteractionRecord] { interactions.filter { loadedInteractions[$0.id] == nil } }

    /// Loaded interactions that this change edits.
    public var updatedInteractions: [InteractionRecord] {
        interactions.filter { record in loadedInteractions[record.id].map { $0 != record } ?? false }
    }
}
