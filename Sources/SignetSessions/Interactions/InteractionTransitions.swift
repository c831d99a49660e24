import Foundation
import SignetModel
import SignetStore

/// The customer's and the agent's status changes that need no document work, each a named
/// transition: one store transaction that checks the interaction's state, changes it and
/// records its event, after which the flow settles (the next step is released, a group's
/// bubble follows its steps). Finishing, paying and submitting have files of their own
/// (`DocumentFinisher`, `Payment`, `RequestSubmission`).
package struct InteractionTransitions: Sendable {
    let interactions: SessionInteractions

    package init(interactions: SessionInteractions) { self.interactions = interactions }

    /// sent → opened, the first time the customer reads it (`interactionOpened`); any other
    /// state stays as it is.
    package func open(_ record: InteractionRecord, session: SessionRecord, by actor: Actor) async throws -> InteractionRecord {
        guard record.status == .sent else { return record }
        // Two tabs opening it at once record one `interactionOpened`, not two.
        return try await interactions.change(
            record.id, session: session.id, event: "interactionOpened", by: actor, ifChanged: true
        ) { record in
            if record.status == .sent { record.status = .opened }
        }
    }

    /// → in progress with the customer's values so far (`signed` when a signature or initials
    /// are among them, `fieldsFilled` otherwise). Each value must be the customer's and valid;
    /// required fields are checked at finish. The check runs off the cooperative threads: it
    /// matches the customer's text against patterns the agent wrote.
    package func saveValues(_ values: [String: StampValue], on record: InteractionRecord, session: SessionRecord, by actor: Actor)
        async throws -> InteractionRecord
    {
        let document = try DocumentFinisher.document(record)
        let fields = document.fields
        try await offload { try DocumentFinisher.checkGiven(values, fields: fields) }
        let signed = values.keys.contains { id in fields.contains { $0.id == id && [.signature, .initials].contains($0.kind) } }
        return try await interactions.change(
            record.id, session: session.id, event: signed ? "signed" : "fieldsFilled",
            detail: ["fields": values.keys.sorted().joined(separator: ",")], by: actor
        ) { record in
            try record.checkOpen()
            record.payload.document?.customerValues.merge(values) { _, new in new }
            record.status = .inProgress
        }
    }

    /// → declined, with the customer's reason (`declined`). A group is declined step by step; a
    /// payment being charged cannot be declined until the provider has answered.
    package func decline(_ record: InteractionRecord, session: SessionRecord, reason given: String, by actor: Actor)
        async throws -> InteractionRecord
    {
        let reason = given.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 1000 else {
            throw FieldProblems(
                stage: "decline", problems: [FieldProblem(field: "reason", label: "Reason", reason: "say why, in 1 to 1000 characters")])
        }
        return try await interactions.change(record.id, session: session.id, event: "declined", detail: ["reason": reason], by: actor) {
            record in
            guard !record.kind.isGroup, record.kind != .review else {
                throw SignetError(.invalidInput, "decline the steps of a \(record.kind.rawValue), one at a time")
            }
            try record.checkOpen()
            // The provider may be taking the money right now: declining must not hide its answer.
            guard record.payload.payment?.state != .processing else { throw Payment.inProgress }
            record.status = .declined
            record.declineReason = reason
            record.payload.payment?.state = .declined
        }
    }

    /// An open shared review → completed, by the agent (`reviewClosed`).
    package func closeReview(_ record: InteractionRecord, session: SessionRecord, by actor: Actor) async throws -> InteractionRecord {
        try await interactions.change(record.id, session: session.id, event: "reviewClosed", by: actor) { record in
            guard record.kind == .review else { throw SignetError(.invalidInput, "only a shared review can be closed") }
            guard !record.status.isFinal else { throw SignetError(.conflict, "the review is already \(record.status.rawValue)") }
            record.status = .completed
        }
    }
}
