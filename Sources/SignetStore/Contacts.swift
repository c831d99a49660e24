import Foundation
import GRDB
import SignetModel

/// The address book: one contact per person per agent.
///
/// Per agent, not per team: the product promises "the agent's address book", accounts have no
/// teams, and an agent's customers are confined to that agent the way their sessions are (an
/// admin's book is their own too). A person is recognised by a normalised email (trimmed,
/// lower-cased) or phone (E.164, separators dropped): every session started or re-engaged for
/// them updates their one contact, keeping the most recent name and filling in a phone or
/// email learnt later.
package struct Contacts: Sendable {
    let store: Store
    private typealias Columns = ContactRecord.Columns

    /// Creates the address book service.
    package init(store: Store) {
        self.store = store
    }

    /// A contact's details at one moment, as a session or an old row gave them.
    struct Entry: Sendable, Hashable {
        /// The name, trimmed.
        var name: String
        /// The phone's key (`phoneKey`).
        var phone: String?
        /// The email's key (`emailKey`).
        var email: String?
        /// When this was said about the person.
        var updatedAt: Date

        /// Creates an entry, normalising its phone and email.
        init(name: String, phone: String?, email: String?, updatedAt: Date) {
            self.name = name.trimmingCharacters(in: .whitespaces)
            self.phone = Contacts.phoneKey(phone)
            self.email = Contacts.emailKey(email)
            self.updatedAt = updatedAt
        }

        /// Whether `other` is the same person: the same email or the same phone.
        func matches(_ other: Entry) -> Bool {
            (email != nil && email == other.email) || (phone != nil && phone == other.phone)
        }

        /// This newer sighting merged with the contacts it matches: its name, and its phone and
        /// email, or else the most recent ones the matches knew.
        func absorbing(_ matches: [Entry]) -> Entry {
            let newestFirst = matches.sorted { $0.updatedAt > $1.updatedAt }
            var merged = self
            merged.phone = phone ?? newestFirst.lazy.compactMap(\.phone).first
            merged.email = email ?? newestFirst.lazy.compactMap(\.email).first
            merged.updatedAt = max(updatedAt, newestFirst.first?.updatedAt ?? updatedAt)
            return merged
        }
    }

    /// The key an email is recognised by: trimmed and lower-cased; nil when empty.
    static func emailKey(_ email: String?) -> String? {
        guard let trimmed = email?.trimmingCharacters(in: .whitespaces).lowercased(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The key a phone is recognised by: written as E.164 is, without the spaces, dashes, dots
    /// and brackets people type ("+44 (0)7700-900 123" is not E.164 and keeps its 0, but
    /// "+44 7700 900123" is "+447700900123"); nil when empty.
    static func phoneKey(_ phone: String?) -> String? {
        guard let phone else { return nil }
        let kept = phone.filter { !" \t-.()".contains($0) }
        return kept.isEmpty ? nil : kept
    }

    /// Folds rows in the order they happened into one entry per person, as `remember` does one
    /// sighting at a time (the migration of older address books replays them through this).
    static func merged(_ sightings: [Entry]) -> [Entry] {
        var book: [Entry] = []
        for sighting in sightings.sorted(by: { $0.updatedAt < $1.updatedAt }) {
            let matches = book.filter(sighting.matches)
            book.removeAll(where: sighting.matches)
            book.append(sighting.absorbing(matches))
        }
        return book
    }

    /// The agent's contacts, most recent first, filtered by part of a name, an email or a
    /// phone number (typed with or without spaces).
    package func list(agentId: String, search: String?, limit: Int, offset: Int) async throws -> ([ContactRecord], total: Int) {
        try await store.read { db in
            var request = ContactRecord.filter(Columns.agentId == agentId)
            if let search = search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
                let escaped = { (text: String) in
                    "%"
                        + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                        .replacingOccurrences(of: "_", with: "\\_") + "%"
                }
                var matches =
                    Columns.name.like(escaped(search), escape: "\\") || Columns.email.like(escaped(search.lowercased()), escape: "\\")
                if let digits = Self.phoneKey(search), digits.contains(where: \.isNumber) {
                    matches = matches || Columns.phone.like(escaped(digits), escape: "\\")
                }
                request = request.filter(matches)
            }
            let total = try request.fetchCount(db)
            let rows = try request.order(Columns.updatedAt.desc, Columns.id.desc).limit(limit, offset: offset).fetchAll(db)
            return (rows, total)
        }
    }

    /// The agent corrects a contact: a name, and a phone (E.164) or an email or both. Answers
    /// nil when the contact is not the agent's. Another of the agent's contacts with the same
    /// phone or email is the same person: the agent is told to merge by deleting one (409),
    /// rather than one of the two being dropped silently.
    package func update(_ id: Int64, agentId: String, name: String, phone: String?, email: String?, now: Date = Date()) async throws
        -> ContactRecord?
    {
        let entry = try Self.checked(name: name, phone: phone, email: email, now: now)
        return try await store.write { db in
            guard let contact = try ContactRecord.filter(key: id).filter(Columns.agentId == agentId).fetchOne(db) else { return nil }
            let corrected = try Self.corrected(contact, to: entry, beside: try Self.matching(db, agentId: agentId, entry))
            try corrected.update(db)
            return corrected
        }
    }

    /// `contact` corrected to `entry`, unless another of the agent's contacts among `matching`
    /// has its phone or email (`ContactClash`: the agent merges by deleting one).
    static func corrected(_ contact: ContactRecord, to entry: Entry, beside matching: [ContactRecord]) throws -> ContactRecord {
        for other in matching where other.id != contact.id {
            let field = other.email != nil && other.email == entry.email ? "email" : "phone"
            throw ContactClash(field: field, other: other.name)
        }
        var contact = contact
        contact.name = entry.name
        contact.phone = entry.phone
        contact.email = entry.email
        contact.updatedAt = entry.updatedAt
        return contact
    }

    /// An agent's correction of a contact as an entry, or the problems per field that refuse it.
    static func checked(name: String, phone: String?, email: String?, now: Date) throws -> Entry {
        let entry = Entry(name: name, phone: phone, email: email, updatedAt: now)
        var problems: [FieldProblem] = []
        if entry.name.isEmpty || entry.name.count > 200 {
            problems.append(FieldProblem(field: "name", label: "Name", reason: "give the customer's name (1 to 200 characters)"))
        }
        if let phone = entry.phone, let reason = ValueCheck.problem(with: .text(phone), for: FieldDefinition(id: "phone", kind: .phone)) {
            problems.append(FieldProblem(field: "phone", label: "Phone", reason: reason))
        }
        if let email = entry.email, let reason = ValueCheck.problem(with: .text(email), for: FieldDefinition(id: "email", kind: .email)) {
            problems.append(FieldProblem(field: "email", label: "Email", reason: reason))
        }
        if entry.phone == nil && entry.email == nil {
            problems.append(FieldProblem(field: "phone", label: "Phone", reason: "a contact needs a phone number or an email address"))
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "contact", problems: problems) }
        return entry
    }

    /// Deletes the agent's contact `id`; false when there is no such contact of theirs.
    package func delete(_ id: Int64, agentId: String) async throws -> Bool {
        try await store.write { db in
            try ContactRecord.filter(key: id).filter(Columns.agentId == agentId).deleteAll(db) > 0
        }
    }

    /// Records that the agent reached this person, in the transaction that started or
    /// re-engaged the session: their contact, merged with every contact they match.
    static func remember(_ db: Database, agentId: String, name: String, phone: String?, email: String?, now: Date) throws {
        let sighting = Entry(name: name, phone: phone, email: email, updatedAt: now)
        var (kept, absorbed) = merge(sighting, agentId: agentId, into: try matching(db, agentId: agentId, sighting))
        for contact in absorbed { try contact.delete(db) }
        try kept.save(db)
    }

    /// How a sighting merges with the contacts it matches, on either backend: the oldest keeps
    /// its id (a new contact when none matched) and takes the merged name, phone and email; the
    /// others are absorbed, to be deleted first, so the unique indexes on phone and email never
    /// see two rows for one person.
    static func merge(_ sighting: Entry, agentId: String, into matches: [ContactRecord]) -> (
        kept: ContactRecord, absorbed: [ContactRecord]
    ) {
        let merged = sighting.absorbing(matches.map { Entry(name: $0.name, phone: $0.phone, email: $0.email, updatedAt: $0.updatedAt) })
        let ordered = matches.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        var contact =
            ordered.first
            ?? ContactRecord(id: nil, agentId: agentId, name: merged.name, phone: nil, email: nil, updatedAt: merged.updatedAt)
        contact.name = merged.name
        contact.phone = merged.phone
        contact.email = merged.email
        contact.updatedAt = merged.updatedAt
        return (contact, Array(ordered.dropFirst()))
    }

    private static func matching(_ db: Database, agentId: String, _ entry: Entry) throws -> [ContactRecord] {
        var same: SQLExpression = false.sqlExpression
        if let email = entry.email { same = same || Columns.email == email }
        if let phone = entry.phone { same = same || Columns.phone == phone }
        return try ContactRecord.filter(Columns.agentId == agentId).filter(same).fetchAll(db)
    }
}

/// An edit would give a contact the phone or email of another of the agent's contacts.
package struct ContactClash: Error, Sendable {
    /// `phone` or `email`.
    package var field: String
    /// The other contact's name.
    package var other: String
}
