import Foundation
import SignetModel
import SignetStore

/// Chat between a session's agent and its customer. Each message is an event of the session's
/// record (`message`, with `from`, `name` and `text`), so it is hash-chained with the rest and
/// both live streams carry it as it is written; the history is read back from the record.
///
/// Text only, at most `maxLength` characters. Control characters (but line breaks and tabs)
/// and the bidirectional embedding, override and isolate controls are refused rather than
/// stripped, so what is kept is exactly what was typed and a message cannot make the text
/// around it read in another order (the "Trojan Source" trick).
package struct SessionChat: Sendable {
    let events: any EventRepository

    /// The longest message, in characters.
    package static let maxLength = 2000

    /// Creates the chat over the session record.
    package init(events: any EventRepository) { self.events = events }

    /// Who wrote a message.
    package enum Sender: String, Sendable, Codable { case agent, customer }

    /// One message, as both sides see it.
    package struct Message: Sendable, Codable, Equatable {
        package var id: Int64
        package var at: Date
        package var from: Sender
        /// The agent's or the customer's name.
        package var name: String
        package var text: String
    }

    /// Adds `text` from `from` (named `name`) to the session's record; a closed session
    /// takes no more messages (409).
    package func post(_ text: String, session: SessionRecord, from: Sender, name: String, by actor: Actor, now: Date = Date()) async throws
        -> Message
    {
        let text = try Self.checked(text)
        guard ![.completed, .cancelled, .expired].contains(session.state) else {
            throw SignetError(.conflict, "the session is \(session.state.rawValue); it takes no more messages")
        }
        let event = try await events.append(
            session: session.id, kind: "message", actor: actor, detail: ["from": from.rawValue, "name": name, "text": text], now: now)
        return Message(id: event.id ?? 0, at: event.at, from: from, name: name, text: text)
    }

    /// The session's messages, oldest first.
    package func history(session: String) async throws -> [Message] {
        try await events.events(session: session).compactMap(Self.message)
    }

    /// The message an event of the record carries, if it is one.
    package static func message(_ event: EventRecord) -> Message? {
        guard event.kind == "message", let id = event.id, let json = event.detail,
            let detail = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)),
            let from = detail["from"].flatMap(Sender.init(rawValue:)), let text = detail["text"]
        else { return nil }
        return Message(id: id, at: event.at, from: from, name: detail["name"] ?? from.rawValue, text: text)
    }

    /// `text` with line breaks made `\n` and the ends trimmed, or the reason it is refused
    /// (422, field `text`).
    package static func checked(_ text: String) throws -> String {
        let trimmed = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ reason: String) -> FieldProblems {
            FieldProblems(stage: "message", problems: [FieldProblem(field: "text", label: "Message", reason: reason)])
        }
        if trimmed.isEmpty { throw refuse("write a message") }
        if trimmed.count > maxLength { throw refuse("at most \(maxLength) characters (this one has \(trimmed.count))") }
        if let bad = trimmed.unicodeScalars.first(where: refused) {
            throw refuse(String(format: "remove the invisible control character U+%04X", bad.value))
        }
        return trimmed
    }

    /// Controls other than line break and tab; bidi embeddings, overrides and isolates.
    static func refused(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        if scalar.properties.generalCategory == .control { return true }
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
