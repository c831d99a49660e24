import Foundation

/// The page a browser gets for a customer link whose session has ended (410): what happened
/// and, as a mail link, the agent to ask. Built from text escaped for HTML (an agent's name is
/// whatever they typed), with no script, under the service's content policy.
package struct ClosedLinkPage: Sendable {
    package let title: String
    package let detail: String
    package let agent: (name: String, email: String)?

    package init(title: String, detail: String, agent: (name: String, email: String)?) {
        self.title = title
        self.detail = detail
        self.agent = agent
    }

    package var html: String {
        let contact =
            agent.map { agent in
                let mail = "mailto:\(Self.escape(agent.email))"
                return
                    "<p>Your contact: <strong>\(Self.escape(agent.name))</strong>, <a href=\"\(mail)\">\(Self.escape(agent.email))</a></p>"
            } ?? "<p>Contact the person who sent you the link.</p>"
        return """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Signet — \(Self.escape(title))</title>
              <link rel="icon" href="/img/icon.svg" type="image/svg+xml">
              <link rel="stylesheet" href="/css/signet.css">
            </head>
            <body class="customer">
              <header class="top"><span class="brand">Signet</span></header>
              <main id="app">
                <section class="card closed-link" data-test="closed-link">
                  <h1>\(Self.escape(title))</h1>
                  <p>\(Self.escape(Self.sentence(detail)))</p>
                  \(contact)
                </section>
              </main>
            </body>
            </html>

            """
    }

    /// "ask X for a new invitation" → "Ask X for a new invitation."
    package static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    /// Text made safe inside HTML elements and quoted attributes.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
