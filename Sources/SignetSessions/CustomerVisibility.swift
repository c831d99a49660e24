import SignetStore

/// What of a session's record its customer may see: the events that concern them, and of
/// those about an interaction, only the ones whose interaction has been released to them.
package enum CustomerVisibility {
    static let kinds: Set<String> = [
        "interactionAdded", "interactionSent", "interactionOpened", "interactionStatus", "fieldsFilled", "signed", "uploaded",
        "completed", "declined", "paid", "paymentRejected", "noteAdded", "reviewClosed", "cancelled", "expired", "renewed",
        "message",
    ]

    /// Whether the customer of `session` may see an event of `kind` about `interaction`.
    package static func shows(_ kind: String, interaction: String?, session: String, in interactions: SessionInteractions) async throws
        -> Bool
    {
        guard kinds.contains(kind) else { return false }
        guard let interaction else { return true }
        return try await interactions.find(interaction, session: session)?.status.isReleased ?? false
    }
}
