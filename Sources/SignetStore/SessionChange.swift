import Foundation
import SignetModel

/// One change to a session, as a use case makes it inside `StoreBackend.withSession`: the
/// session and its interactions as loaded (the body edits them in place), plus what the change
/// adds beside them (events, the customer's link, the invitation, uploads, notes, the address
/// book). The body only edits this value; the backend then writes what differs from what it
/// loaded and appends the events, all in the one transaction that holds the session.
///
/// A plain value with no database in it, so the same use case runs on every backend.
package struct SessionChange: Sendable {
    /// One event to append to the session's record, in order.
    package struct Event: Sendable, Hashable {
        package var kind: String
        package var actor: Actor
        package var detail: [String: String]
        package var at: Date
    }

    /// Someone the agent reached: remembered in (merged into) the agent's address book.
    package struct Sighting: Sendable, Hashable {
        package var agentId: String
        package var name: String
        package var phone: String?
        package var email: String?
        package var at: Date
    }

    /// The session; the backend updates its row when it differs from the loaded one.
    package var session: SessionRecord
    /// Every interaction of the session (groups' steps included), ordered by position; the
    /// backend inserts new ones (in this order: a group before its steps) and updates changed ones.
    package private(set) var interactions: [InteractionRecord]
    /// Every upload of the session, oldest first, as it stands after this change.
    package private(set) var uploads: [UploadRecord]

    package private(set) var events: [Event] = []
    /// Credentials to insert (after the customer's old links are revoked, when asked).
    package private(set) var credentials: [CredentialRecord] = []
    /// Whether the customer's earlier links stop working.
    package private(set) var revokesCustomerLinks = false
    /// Messages to queue in the outbox.
    package private(set) var messages: [OutboxRecord] = []
    package private(set) var sightings: [Sighting] = []
    package private(set) var addedUploads: [UploadRecord] = []
    package private(set) var removedUploads: [String] = []
    /// Notes to pin; the backend gives them their ids (see the committed change).
    package var notes: [ReviewNoteRecord] = []

    /// The session as loaded; nil when this change inserts it.
    package let loadedSession: SessionRecord?
    /// For a change that inserts its session, the admin's default reminder plan, read in the
    /// same transaction (nil when there is none): a session started without a plan of its own
    /// takes it without a read of its own before the write.
    package let defaultReminders: ReminderPlan?
    private let loadedInteractions: [String: InteractionRecord]

    /// A change to a stored session, as loaded in the transaction.
    package init(session: SessionRecord, interactions: [InteractionRecord], uploads: [UploadRecord]) {
        self.session = session
        self.interactions = interactions
        self.uploads = uploads
        loadedSession = session
        loadedInteractions = Dictionary(interactions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        defaultReminders = nil
    }

    /// The change that inserts `session`, with the admin's `defaultReminders` as the backend read them.
    package init(inserting session: SessionRecord, defaultReminders: ReminderPlan?) {
        self.session = session
        interactions = []
        uploads = []
        loadedSession = nil
        loadedInteractions = [:]
        self.defaultReminders = defaultReminders
    }

    // MARK: - Editing

    /// Appends an event to the session's record.
    package mutating func record(_ kind: String, by actor: Actor, detail: [String: String] = [:], now: Date) {
        events.append(Event(kind: kind, actor: actor, detail: detail, at: now))
    }

    /// The interaction `id` of this session; refused (as not found) for any other.
    package func interaction(_ id: String) throws -> InteractionRecord {
        guard let record = interactions.first(where: { $0.id == id }) else {
            throw SignetError(.invalidInput, "there is no interaction \(id) in this session", field: "interaction")
        }
        return record
    }

    /// Replaces the interaction with `record`'s id by `record`.
    package mutating func update(_ record: InteractionRecord) {
        guard let index = interactions.firstIndex(where: { $0.id == record.id }) else { return }
        interactions[index] = record
    }

    /// Adds a new interaction to the session.
    package mutating func add(_ record: InteractionRecord) {
        interactions.append(record)
    }

    /// Stops every customer link of the session working (a new invitation sends a new one).
    package mutating func revokeCustomerLinks() {
        revokesCustomerLinks = true
        credentials.removeAll { $0.kind == .customerLink }
    }

    /// Adds a credential for this session.
    package mutating func issue(_ credential: CredentialRecord) {
        credentials.append(credential)
    }

    /// Queues a message in the outbox.
    package mutating func queue(_ message: OutboxRecord) {
        messages.append(message)
    }

    /// Remembers a contact in `agentId`'s address book.
    package mutating func remember(agentId: String, name: String, phone: String?, email: String?, now: Date) {
        sightings.append(Sighting(agentId: agentId, name: name, phone: phone, email: email, at: now))
    }

    /// Adds an uploaded file.
    package mutating func add(_ upload: UploadRecord) {
        uploads.append(upload)
        addedUploads.append(upload)
    }

    /// Removes the upload `id` held by the same holder as `like` (its interaction, or the
    /// agent's staging when none); answers whether there was one.
    package mutating func removeUpload(_ id: String, heldLike like: UploadRecord) -> Bool {
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
    package func uploadUsage(interaction: String?, excluding: String? = nil) -> UploadQuota.Usage {
        UploadQuota.usage(of: uploads, interaction: interaction, excluding: excluding)
    }

    // MARK: - What the backend writes

    /// Whether the session row differs from the loaded one (always, for a new session).
    package var sessionChanged: Bool { loadedSession != session }

    /// Interactions that are new in this change, a group before its steps.
    package var insertedInteractions: [InteractionRecord] { interactions.filter { loadedInteractions[$0.id] == nil } }

    /// Loaded interactions that this change edits.
    package var updatedInteractions: [InteractionRecord] {
        interactions.filter { record in loadedInteractions[record.id].map { $0 != record } ?? false }
    }
}
