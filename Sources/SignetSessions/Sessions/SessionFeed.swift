import Foundation
import SignetStore

/// Follows a session's record as it grows: each step hands over the events appended since the
/// last one with the session as it stands then, until the session closes (cancelled, expired)
/// or the caller stops. A completed session goes on, since its finished documents are still
/// forwarded for approval and its chat still read.
///
/// The record is the source of truth and every writer appends to it in the same transaction as
/// its change, so following the table misses nothing, whichever process made the change. The
/// feed reads again as soon as a write commits in this process (`ChangeSignal`) and every
/// `pollInterval` in any case, and never more often than every 50 ms, so a burst of writes
/// costs a follower a few reads, not one each. Following only reads.
package struct SessionFeed: Sendable {
    package let sessions: CustomerSessions
    package let events: any EventRepository
    package var pollInterval: Duration = .milliseconds(250)

    package init(sessions: CustomerSessions, events: any EventRepository) {
        self.sessions = sessions
        self.events = events
    }

    /// What one read found: the new events (maybe none) and the session now (nil if gone).
    package struct Step: Sendable {
        package var events: [EventRecord]
        package var session: SessionRecord?
    }

    /// Calls `deliver` with each step, starting after event id `after`, until the session
    /// closes, the task is cancelled or `deliver` throws.
    package func follow(_ id: String, after: Int64, _ deliver: (Step) async throws -> Void) async throws {
        var last = after
        while !Task.isCancelled {
            // Taken before reading, so a write committed after this read wakes the wait below.
            let seen = events.changes.current
            let read = ContinuousClock.now
            var fresh = try await events.events(session: id, after: last)
            last = fresh.last?.id ?? last
            let current = try await sessions.session(id: id)
            let closed = current.map { [.cancelled, .expired].contains($0.state) } ?? false
            // A close may commit between the two reads: the session then reads closed while its
            // closing event was not yet there. Read once more so the last step carries it.
            if closed {
                fresh += try await events.events(session: id, after: last)
                last = fresh.last?.id ?? last
            }
            try await deliver(Step(events: fresh, session: current))
            if closed { return }
            await events.changes.wait(after: seen, timeout: pollInterval)
            try await Task.sleep(until: read + .milliseconds(50), clock: .continuous)
        }
    }
}
