import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetStore

/// `GET /api/v1/sessions/{id}/stream`: the session's record as Server-Sent Events, pushed as
/// it grows, each with the session's customer status at that moment. `Last-Event-ID` resumes
/// after a dropped connection. The stream ends when the session closes (completed, cancelled,
/// expired) or the client goes away.
///
/// The record is the source of truth and every writer appends to it in the same transaction as
/// its change, so following the table (every half second) misses nothing, whichever process
/// made the change.
struct SessionStream {
    let sessions: Sessions
    let events: EventLog
    var pollInterval: Duration = .milliseconds(500)
    var keepAlive: Double = 15

    func response(for session: SessionRecord, request: Request) -> Response {
        let start = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0) } ?? 0
        let id = session.id
        let body = ResponseBody { [sessions, events, pollInterval, keepAlive] writer in
            var last = start
            var quietSince = Date()
            while !Task.isCancelled {
                let fresh = try events.events(session: id, after: last)
                let current = try sessions.session(id: id)
                for event in fresh {
                    var view = EventView(event)
                    view.customerStatus = current.map { SessionView.customerStatus($0, now: Date()) }
                    let data = String(decoding: try JSONEncoder.stream.encode(view), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "id: \(view.id)\nevent: \(view.kind)\ndata: \(data)\n\n"))
                    last = view.id
                    quietSince = Date()
                }
                if let current, [.completed, .cancelled, .expired].contains(current.state) { break }
                if Date().timeIntervalSince(quietSince) > keepAlive {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quietSince = Date()
                }
                try await Task.sleep(for: pollInterval)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body)
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
