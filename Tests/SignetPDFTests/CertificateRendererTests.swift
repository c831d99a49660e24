import Foundation
import SignetModel
import Testing

@testable import SignetPDF

/// The certificate of completion as the engine draws it, read back with pdftotext and qpdf:
/// Hebrew and Arabic names shaped, long values wrapped, hundreds of events flowing over pages
/// that each say "page n of N".
@Suite("Certificate of completion")
struct CertificateRendererTests {
    func certificate(events count: Int) -> CompletionCertificate {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        var events: [CompletionCertificate.Event] = []
        for i in 0..<count {
            let customer = i % 2 == 0
            let at: Date = start.addingTimeInterval(Double(i) * 61)
            let agent: String = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36 row-\(i)"
            events.append(
                CompletionCertificate.Event(
                    id: Int64(i + 1), at: at, actor: customer ? "مريم الحسيني (customer)" : "Agent (agent)",
                    ip: customer ? "2001:db8:85a3::8a2e:370:7334" : "192.0.2.44", userAgent: agent,
                    channel: customer ? "customer link" : "agent account", what: "Event number \(i + 1)"))
        }
        return CompletionCertificate(
            documentTitle: "Mortgage offer — הצעת משכנתא", session: "s-1", interaction: "i-1", source: "template mortgage, version 3",
            pageCount: 12, completedAt: start.addingTimeInterval(Double(count) * 61),
            parties: [
                .init(role: "Customer", name: "مريم الحسيني", contact: "+972501234567"),
                .init(role: "Agent", name: "דנה לוי", contact: "dana@example.com"),
            ],
            events: events, originalSHA256: String(repeating: "a1", count: 32), finishedSHA256: String(repeating: "b2", count: 32),
            seal: .init(subject: "CN=Signet seal, O=Example Bank", fingerprint: String(repeating: "c3", count: 32)),
            headHash: String(repeating: "d4", count: 32), headEvent: Int64(count))
    }

    func render(_ certificate: CompletionCertificate) throws -> (String, CertificateReport) {
        let out = Fixtures.scratch() + "/certificate.pdf"
        guard case .certified(let report) = Engine.perform(.certificate(CertificateRequest(certificate: certificate, output: out))) else {
            throw SignetError(.internal, "no certificate")
        }
        return (out, report)
    }

    @Test("200 events flow over pages numbered n of N; names in Hebrew and Arabic, the seal and the hashes are all there")
    func longRecord() throws {
        let (out, report) = try render(certificate(events: 200))
        #expect(report.pages >= 4)
        #expect(try Tool.qpdfCheck(out) == 0)
        let text = try Tool.run("pdftotext", [out, "-"]).output
        #expect(text.contains("Page 1 of \(report.pages)") && text.contains("Page \(report.pages) of \(report.pages)"))
        for i in [1, 100, 200] { #expect(text.contains("Event number \(i)\n"), "event \(i)") }
        for hash in ["a1", "b2", "c3", "d4"] { #expect(text.contains(String(repeating: hash, count: 32)), "\(hash)") }
        #expect(text.contains("CN=Signet seal, O=Example Bank"))
        // An IPv6 address wraps in its narrow column; joined up it is whole.
        #expect(text.replacingOccurrences(of: "\n", with: "").contains("2001:db8:85a3::8a2e:370:7334"))
        // Shaped right-to-left text comes back as words in either order.
        #expect(text.contains("الحسيني") || text.contains(String("الحسيني".reversed())))
        #expect(text.contains("לוי") || text.contains(String("לוי".reversed())))
        #expect(text.contains("#200, the completion of this document"))
    }

    @Test("a value longer than a page is cut in its cell, never past the page")
    func hugeValue() throws {
        var c = certificate(events: 3)
        c.events[1].userAgent = String(repeating: "x", count: 20_000)
        let (out, report) = try render(c)
        // It may move to the next page, but it never needs more than one.
        #expect(report.pages <= 2)
        let text = try Tool.run("pdftotext", [out, "-"]).output.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("(19600 more characters in the record)"))
    }
}
