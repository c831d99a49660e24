import Foundation
import Testing

@testable import SignetStore

/// `OutboxRecord.finished`: the one decision both backends apply when a message is done.
@Suite("Outbox message finished")
struct OutboxFinishTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func message(code: String? = nil, reminder: Bool = false) -> OutboxRecord {
        OutboxRecord(
            id: 7, sessionId: "s", channel: .sms, recipient: "+15550100", subject: "",
            body: code.map { "Your code is \($0)" } ?? "Open https://signet.test/c/x", link: "", nextAttemptAt: now, createdAt: now,
            code: code, reminder: reminder)
    }

    @Test("an invitation sets the session's delivery with its event; a failure names the channel and the reason")
    func invitation() {
        let (sent, effect) = message().finished(.sent, error: nil, now: now)
        #expect(sent.status == .sent && sent.sentAt == now)
        #expect(effect == .invitation(delivery: .sent, kind: "delivered", detail: ["channel": "sms"]))
        let (failed, failure) = message().finished(.failed, error: "no route", now: now)
        #expect(failed.sentAt == nil && failed.lastError == "no route")
        #expect(failure == .invitation(delivery: .failed, kind: "deliveryFailed", detail: ["channel": "sms", "reason": "no route"]))
        #expect(sent.speaksForSession(latestInvitation: 7) && !sent.speaksForSession(latestInvitation: 9))
        #expect(!sent.speaksForSession(latestInvitation: nil))
    }

    @Test("a code is blanked once finished, either way; only a failed code or reminder is noted, the session's delivery stays")
    func codesAndReminders() {
        let (sent, none) = message(code: "482913").finished(.sent, error: nil, now: now)
        #expect(!sent.body.contains("482913") && sent.code == "" && none == .none)
        let (failed, note) = message(code: "482913").finished(.failed, error: "gateway down", now: now)
        #expect(!failed.body.contains("482913"))
        #expect(note == .note(kind: "codeDeliveryFailed", detail: ["reason": "gateway down"]))
        #expect(message(reminder: true).finished(.sent, error: nil, now: now).effect == .none)
        #expect(
            message(reminder: true).finished(.failed, error: "bounced", now: now).effect
                == .note(kind: "reminderDeliveryFailed", detail: ["reason": "bounced"]))
    }
}
