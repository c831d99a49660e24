import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetAPI
import SignetSessions
import SignetStore

/// `GET /api/v1/sessions/{id}/stream`: the session's record as Server-Sent Events, pushed as
/// it grows, each with the session's customer status at that moment. `Last-Event-ID` resumes
/// after a dropped connection. The stream ends when the session closes (cancelled, expired)
/// or the client goes away; a completed session's stream goes on, since its finished documents
/// are still forwarded for approval and its chat still read.
///
/// The record is the source of truth and every writer appends to it in the same transaction as
/// its change, so following the table misses nothing, whichever process made the change: a
/// stream reads it again as soon as a write commits here (`ChangeSignal`), and every quarter
/// second in any case. Following only reads (an open stream writes nothing), and each caller may
/// hold only a few streams at once (`StreamLimits`).
struct SessionStream {
    /// Who is watching: the agent sees the whole record; the customer only what concerns
    /// their released interactions and the session's end, without actors or addresses.
    enum Audience: Sendable {
        case agent
        case customer(SessionInteractions)
    }

    let sessions: CustomerSessions
    let events: any EventRepository
    let streams: StreamLimits
    var audience: Audience = .agent
    var pollInterval: Duration = .milliseconds(250)
    /// Seconds of quiet before a comment line is sent, which also finds out that a client left.
    var keepAlive: Double = 15

    func response(for session: SessionRecord, request: Request, context: AppContext) throws -> Response {
        let start = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0) } ?? 0
        let id = session.id
        guard let caller = context.caller else { throw Problem.unauthorized }
        let place = try streams.acquire(caller.streamHolder)
        let body = ResponseBody { [sessions, events, streams, pollInterval, keepAlive, audience] writer in
            defer { streams.release(place) }
            var last = start
            var quietSince = Date()
            while !Task.isCancelled {
                // Taken before reading, so a write committed after this read wakes the wait below.
                let seen = events.changes.current
                let read = ContinuousClock.now
                let fresh = try await events.events(session: id, after: last)
                let current = try await sessions.session(id: id)
                for event in fresh {
                    var view = EventView(event)
                    last = view.id
                    if case .customer(let interactions) = audience {
                        guard let shown = try await Self.forCustomer(view, interactions: interactions, session: id) else { continue }
                        view = shown
                    } else {
                        view.customerStatus = current.map { SessionView.customerStatus($0, now: Date()) }
                    }
                    let data = String(decoding: try JSONEncoder.stream.encode(view), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "id: \(view.id)\nevent: \(view.kind)\ndata: \(data)\n\n"))
                    quietSince = Date()
                }
                if let current, [.cancelled, .expired].contains(current.state) { break }
                if Date().timeIntervalSince(quietSince) > keepAlive {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quietSince = Date()
                }
                // Woken by a write of this process at once (a chat message shows on the other side
                // in milliseconds), by anything else at the next poll; never more often than
                // every 50 ms, so a burst of writes costs each stream a few reads, not one each.
                await events.changes.wait(after: seen, timeout: pollInterval)
                try await Task.sleep(until: read + .milliseconds(50), clock: .continuous)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body)
    }
}

extension SessionStream {
    /// The event as the customer may see it (`CustomerVisibility`), without actors or addresses; or nil.
    static func forCustomer(_ view: EventView, interactions: SessionInteractions, session: String) async throws -> EventView? {
        guard try await CustomerVisibility.shows(view.kind, interaction: view.detail?["interaction"], session: session, in: interactions)
        else {
            return nil
        }
        var shown = view
        shown.actor = view.actor.hasPrefix("agent:") ? "agent" : view.actor
        shown.ip = nil
        shown.userAgent = nil
        return shown
    }
}

extension JSONEncoder {
    /// Compact JSON with ISO dates, for event payloads.
    static var stream: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
