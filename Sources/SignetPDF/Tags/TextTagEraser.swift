import CSignetQPDF
import Foundation
import SignetFiles
import SignetModel

/// Removes text tags such as `{{signature;id=customer_sig;role=customer;required}}` from a
/// document's page content, so that a tag is neither drawn nor extracted as text while everything
/// else stays exactly where it was. The glyphs themselves go (libqpdf rewrites the show-text
/// operators, see `signet_qpdf_tags.h`); nothing is painted over them.
struct TextTagEraser {
    /// A tag that was removed.
    struct ErasedTag: Decodable, Hashable, Sendable {
        /// 1-based page the tag was on.
        var page: Int
        /// The tag's text, braces included.
        var text: String
    }

    /// A tag found but left in place, or page content that could not be read at all. Either way
    /// the output may still show a tag.
    struct Unresolved: Decodable, Hashable, Sendable {
        /// 1-based page.
        var page: Int
        /// Why, for people.
        var reason: String
        /// The tag's text, when a tag was found but could not be removed.
        var text: String?
    }

    /// Page text whose Unicode is unknown (no ToUnicode and an unknown encoding), which could hold
    /// a tag no one can read. Callers that found the tags with another extractor may ignore it.
    struct Unreadable: Decodable, Hashable, Sendable {
        /// 1-based page.
        var page: Int
        /// What could not be read, for people.
        var reason: String
    }

    /// What an erasure did.
    struct Outcome: Decodable, Hashable, Sendable {
        /// Removed tags, in page order and then content order.
        var erased: [ErasedTag]
        var unresolved: [Unresolved]
        var unreadable: [Unreadable]

        /// The removed tags' texts, by page.
        var erasedByPage: [Int: [String]] {
            Dictionary(grouping: erased, by: \.page).mapValues { $0.map(\.text) }
        }
    }

    /// Writes `input` without its text tags to `output` (which may be `input`). The file appears
    /// only when complete: it is written under a temporary name beside `output` and renamed.
    static func erase(input: String, password: String? = nil, output: String, durable: Bool = true) throws -> Outcome {
        let temp = AtomicFile.temporaryPath(for: output)
        let data: Data
        do {
            // The shim's answers are all malloc'ed, so QPDFCall's release suits this one too.
            data = try QPDFCall.run { signet_qpdf_erase_text_tags(input, password, temp) }
        } catch {
            unlink(temp)  // the shim removes a partial output itself; this covers anything else
            throw error
        }
        let outcome: Outcome
        do {
            outcome = try JSONDecoder().decode(Outcome.self, from: data)
        } catch {
            unlink(temp)
            throw SignetError(.internal, "unexpected tag erasure report from qpdf: \(error)")
        }
        try AtomicFile.commit(temp, to: output, durable: durable)
        return outcome
    }
}
