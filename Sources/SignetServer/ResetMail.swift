import Foundation
import SignetFiles

/// The password-reset email. Like invitations in development, it is written as one JSON file
/// under `<data>/outbox/`; an SMTP transport is still to come.
struct ResetMail {
    let directory: String

    func write(to recipient: String, link: String) throws {
        let message: [String: String] = [
            "to": recipient, "channel": "email", "subject": "Reset your Signet password",
            "body": "Open this link within an hour to choose a new password: \(link)", "link": link,
        ]
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let name = "reset-\(Int(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0...UInt32.max)).json"
        try AtomicFile.write(Array(try encoder.encode(message)), to: directory + "/" + name)
    }
}
