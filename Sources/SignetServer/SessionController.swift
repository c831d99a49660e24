import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore

/// Agents' sessions: start or pre-plan, list and search, read, invite, re-engage, renew,
/// cancel, remind, and the record (the address book is `ContactController`). An agent sees only their own sessions; an admin
/// sees all.
struct SessionController {
    let sessions: CustomerSessions
    let events: any EventRepository
    let streams: StreamLimits
    /// Seconds between keep-alive lines on a quiet stream.
    let keepAlive: Double
    /// Least seconds between reminders sent by hand to one customer.
    let reminderSpacing: Double

    func register(_ group: RouterGroup<AppContext>) {
        group.post("sessions", use: create)
        group.get("sessions", use: list)
        group.get("sessions/{id}", use: show)
        group.post("sessions/{id}/invite", use: invite)
        group.post("sessions/{id}/reengage", use: reengage)
        group.post("sessions/{id}/renew", use: renew)
        group.post("sessions/{id}/cancel", use: cancel)
        group.post("sessions/{id}/remind", use: remind)
        group.get("sessions/{id}/events", use: record)
        group.get("sessions/{id}/stream", use: stream)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> EditedResponse<SessionView> {
        let user = try context.user()
        let body = try await request.decode(as: NewSession.self, context: context)
        let (lifetime, reminders) = try body.checked()
        let session = try await sessions.create(
            agent: user, customer: body.customer, invite: body.invite ?? true, verification: body.verification, lifetime: lifetime,
            reminders: reminders, by: context.actor(request))
        return EditedResponse(status: .created, headers: [.location: "/api/v1/sessions/\(session.id)"], response: SessionView(session))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<SessionView> {
        let user = try context.user()
        let query = request.uri.queryParameters
        let limit = min(max(Int(query["limit"].map(String.init) ?? "") ?? 50, 1), 200)
        let offset = max(Int(query["offset"].map(String.init) ?? "") ?? 0, 0)
        var state: SessionRecord.State?
        if let raw = query["state"].map(String.init) {
            guard let s = SessionRecord.State(rawValue: raw) else {
                throw SignetError(
                    .invalidInput, "state must be one of \(SessionRecord.State.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "state")
            }
            state = s
        }
        let (rows, total) = try await sessions.list(
            for: user, search: query["q"].map(String.init), state: state, limit: limit, offset: offset)
        return Page(items: rows.map { SessionView($0) }, total: total, limit: limit, offset: offset)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> SessionView {
        SessionView(try await context.ownedSession(sessions))
    }

    @Sendable func invite(_ request: Request, context: AppContext) async throws -> SessionView {
        let session = try await context.ownedSession(sessions)
        return SessionView(try await sessions.invite(session.id, by: context.actor(request)))
    }

    @Sendable func reengage(_ request: Request, context: AppContext) async throws -> SessionView {
        let session = try await context.ownedSession(sessions)
        let body = try await request.decode(as: ReengageRequest.self, context: context)
        return SessionView(
            try await sessions.reengage(session.id, phone: body.phone, email: body.email, channel: body.channel, by: context.actor(request))
        )
    }

    @Sendable func renew(_ request: Request, context: AppContext) async throws -> SessionView {
        let session = try await context.ownedSession(sessions)
        return SessionView(try await SessionTransitions(sessions: sessions).renew(session.id, by: context.actor(request)))
    }

    @Sendable func cancel(_ request: Request, context: AppContext) async throws -> SessionView {
        let session = try await context.ownedSession(sessions)
        return SessionView(try await SessionTransitions(sessions: sessions).cancel(session.id, by: context.actor(request)))
    }

    /// `POST /sessions/{id}/remind`: a reminder now, with a fresh link (`CustomerSessions.remind`).
    @Sendable func remind(_ request: Request, context: AppContext) async throws -> SessionView {
        let session = try await context.ownedSession(sessions)
        return SessionView(try await sessions.remind(session.id, spacing: reminderSpacing, by: context.actor(request)))
    }

    @Sendable func record(_ request: Request, context: AppContext) async throws -> RecordView {
        let session = try await context.ownedSession(sessions)
        let items = try await events.events(session: session.id).map(EventView.init)
        // The last event listed is the head: its hash covers every row of the store before it.
        let head = items.last.flatMap { last in last.hash.map { RecordView.Head(event: last.id, hash: $0) } }
        return RecordView(items: items, total: items.count, limit: items.count, offset: 0, head: head)
    }

    @Sendable func stream(_ request: Request, context: AppContext) async throws -> Response {
        try SessionStream(sessions: sessions, events: events, streams: streams, keepAlive: keepAlive).response(
            for: try await context.ownedSession(sessions), request: request, context: context)
    }
}
