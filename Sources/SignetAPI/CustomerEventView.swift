import SignetSessions

extension EventView {
    /// The event as the customer of `session` may see it (`CustomerVisibility`): without actors
    /// or addresses; nil when it does not concern them.
    package func shownToCustomer(of session: String, in interactions: SessionInteractions) async throws -> EventView? {
        guard try await CustomerVisibility.shows(kind, interaction: detail?["interaction"], session: session, in: interactions) else {
            return nil
        }
        var shown = self
        shown.actor = actor.hasPrefix("agent:") ? "agent" : actor
        shown.ip = nil
        shown.userAgent = nil
        return shown
    }
}
