import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetAPI
import SignetSessions
import SignetStore

/// `GET /api/v1/sessions/{id}/stream`: the session's record as Server-Sent Events, pushed as
/// it grows (`SessionFeed`), each with the session's customer status at that moment.
/// `Last-Event-ID` resumes after a dropped connection. Each caller may hold only a few streams
/// at once (`StreamLimits`).
struct SessionStream {
    /// Who is watching: the agent sees the whole record; the customer only what concerns
    /// their released interactions and the session's end, without actors or addresses.
    enum Audience: Sendable {
        case agent
        case customer(SessionInteractions)
    }

    let feed: SessionFeed
    let streams: StreamLimits
    let audience: Audience
    /// Seconds of quiet before a comment line is sent, which also finds out that a client left.
    let keepAlive: Double

    init(
        sessions: CustomerSessions, events: any EventRepository, streams: StreamLimits, audience: Audience = .agent, keepAlive: Double
    ) {
        feed = SessionFeed(sessions: sessions, events: events)
        self.streams = streams
        self.audience = audience
        self.keepAlive = keepAlive
    }

    func response(for session: SessionRecord, request: Request, context: AppContext) throws -> Response {
        let start = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0) } ?? 0
        let id = session.id
        guard let caller = context.caller else { throw Problem.unauthorized }
        let place = try streams.acquire(caller.streamHolder)
        let body = ResponseBody { [feed, streams, keepAlive, audience] writer in
            defer { streams.release(place) }
            var quietSince = Date()
            try await feed.follow(id, after: start) { step in
                for event in step.events {
                    var view = EventView(event)
                    if case .customer(let interactions) = audience {
                        guard let shown = try await view.shownToCustomer(of: id, in: interactions) else { continue }
                        view = shown
                    } else {
                        view.customerStatus = step.session.map { SessionView.customerStatus($0, now: Date()) }
                    }
                    let data = String(decoding: try JSONEncoder.stream.encode(view), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "id: \(view.id)\nevent: \(view.kind)\ndata: \(data)\n\n"))
                    quietSince = Date()
                }
                if Date().timeIntervalSince(quietSince) > keepAlive {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quietSince = Date()
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body)
    }
}
